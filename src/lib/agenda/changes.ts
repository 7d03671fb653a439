import { m } from '$lib/paraglide/messages';
import { isolate } from '$lib/i18n/bidi';
import { formatNumber } from '$lib/i18n/format';
import type { AgendaChange } from '$lib/protocol';

/** A programme change as one line in the reader's language ("Working session 2 delayed by 20 min"). */
export function describeChange(c: AgendaChange, roomName: (id: string | null) => string): string {
	const title = isolate(c.detail.title ?? '');
	switch (c.kind) {
		case 'created':
			return m.change_created({ title });
		case 'edited':
			return m.change_edited({ title });
		case 'delayed':
			return c.detail.minutes
				? m.change_delayed({ title, minutes: formatNumber(c.detail.minutes) })
				: m.change_ontime({ title });
		case 'moved':
			return m.change_moved({ title, room: isolate(roomName(c.detail.roomId ?? null)) });
		case 'cancelled':
			return m.change_cancelled({ title });
		case 'restored':
			return m.change_restored({ title });
		case 'announced':
			return m.change_announced({ title });
		case 'imported':
			return m.change_imported();
	}
}
