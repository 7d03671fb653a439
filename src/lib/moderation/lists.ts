import type { ModQuestion } from '$lib/protocol';
import type { ModerationState, PublishedSort } from './moderation.svelte';

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
