import { m } from '$lib/paraglide/messages';
import type { AgendaChange } from '$lib/protocol';
import { Announcer, excerpt } from './announcer.svelte';
import { describeChange } from '$lib/agenda/changes';

/** What a page reads out, in the reader's language: one line per piece of news. */
export const news = {
	change: (c: AgendaChange, roomName: (id: string | null) => string, timeZone: string) =>
		m.announce_change({ change: describeChange(c, roomName, timeZone) }),
	announcement: (text: string) => m.announce_announcement({ text }),
	pollOpened: (session: string, question: string) => m.announce_poll_opened({ session, question }),
	connectionLost: () => m.announce_connection_lost(),
	connectionBack: () => m.announce_connection_back(),
	question: (text: string) => m.announce_question({ text: excerpt(text) }),
	queueQuestion: (text: string) => m.announce_queue_question({ text: excerpt(text) }),
	results: (question: string) => m.announce_results({ question }),
	pollClosed: (question: string) => m.announce_poll_closed({ question })
};

/** A page's announcer, saying "and N more updates" in the reader's language. */
export const pageAnnouncer = () => new Announcer({ more: (count) => m.announce_more({ count }) });
