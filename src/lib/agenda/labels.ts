import { m } from '$lib/paraglide/messages';
import type { AgendaSession } from '$lib/protocol';

const KIND_LABELS: Record<AgendaSession['kind'], () => string> = {
	plenary: m.kind_plenary,
	working: m.kind_working,
	break: m.kind_break,
	side: m.kind_side
};

/** "Plenary", "Working session"…: a session kind in the reader's language. */
export const kindLabel = (kind: AgendaSession['kind']) => KIND_LABELS[kind]();
