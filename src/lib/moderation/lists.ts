import type { ModQuestion } from '$lib/protocol';
import { newestFirst, sortPublished, type ModerationState, type PublishedSort } from './moderation.svelte';

/** The console's lists: the queue, and the four shown beside it. */
export type ListTab = 'queue' | 'published' | 'answered' | 'declined' | 'archived';
export type SideTab = Exclude<ListTab, 'queue'>;

/** The list beside the queue: the tab chosen, or the published questions while the queue's tab is. */
export const sideTab = (tab: ListTab): SideTab => (tab === 'queue' ? 'published' : tab);

/** The questions of one list beside the queue, in the order it shows them. */
export function sideList(mod: ModerationState, tab: SideTab, sort: PublishedSort): ModQuestion[] {
	if (tab === 'published') return mod.published(sort);
	if (tab === 'answered') return mod.answered(sort);
	return tab === 'declined' ? mod.declined : mod.archived;
}

/** Whether the list `tab` holds the question (an answered one is in both Published and Answered). */
export function inList(q: ModQuestion, tab: ListTab): boolean {
	if (tab === 'queue') return q.state === 'pending';
	if (tab === 'published') return q.state === 'published';
	if (tab === 'answered') return q.state === 'published' && q.answered;
	if (tab === 'declined') return q.state === 'declined';
	return q.state === 'archived' || q.state === 'merged';
}

/** The list a question is found in now (Published for an answered one). */
export function listOf(q: ModQuestion): ListTab {
	if (q.state === 'pending') return 'queue';
	if (q.state === 'published') return 'published';
	return q.state === 'declined' ? 'declined' : 'archived';
}

/**
 * A question with a form open on it that another moderator (or its asker) moved out of the list the form was opened
 * in, while that list is the one shown and the question's new list is not (on a tablet, another tab): the console
 * keeps it, and its form with what was typed, in that list (`home`) and says what happened, until the form is closed.
 * `question` is null once the question is gone (withdrawn by its asker).
 */
export interface Held {
	id: string;
	home: ListTab;
	question: ModQuestion | null;
}

/**
 * The questions list `tab` shows, in its order: with a held question kept in its home list (where the list's order
 * puts it) and out of the list it has moved to.
 */
export function listed(
	mod: ModerationState,
	tab: ListTab,
	sort: PublishedSort,
	held: Held | null
): ModQuestion[] {
	const list = tab === 'queue' ? mod.queue : sideList(mod, tab, sort);
	if (!held) return list;
	const rest = list.filter((q) => q.id !== held.id);
	if (held.home !== tab || !held.question) return rest;
	const all = [...rest, held.question];
	return tab === 'published' || tab === 'answered' ? sortPublished(all, sort) : all.sort(newestFirst);
}
