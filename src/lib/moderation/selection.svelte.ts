import { tick } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import type { ModQuestion } from '$lib/protocol';
import type { ModerationState } from './moderation.svelte';
import type { RowPanel } from './labels';
import { inList, type Held, type ListTab } from './lists';

/** The console's two columns: the queue, and the list beside it (published, answered, declined or archived). */
export type Column = 'queue' | 'right';

/** Keys typed into a field are text, not shortcuts. */
const typing = (t: EventTarget | null) =>
	t instanceof HTMLTextAreaElement ||
	t instanceof HTMLSelectElement ||
	(t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(t.type)) ||
	(t instanceof HTMLElement && t.isContentEditable);

/**
 * What the moderator is working on: the selected question (moved with j/k), the queue's ticked questions for a
 * bulk approve, and the one inline form open across the console. Shortcuts act on the selection through the
 * moderation state, so a key does exactly what the row's button does.
 */
export class ModerationSelection {
	selectedId = $state<string | null>(null);
	selectedColumn = $state<Column>('queue');
	/** `home`: the list the form was opened in (null in the search's results), where it is kept (see `held`). */
	panel = $state<{ id: string; kind: RowPanel; home: ListTab | null } | null>(null);
	readonly checked = new SvelteSet<string>();
	#lastIndex = 0;

	constructor(
		private readonly mod: ModerationState,
		private readonly view: {
			canModerate: () => boolean;
			/** The column the keyboard moves through, given the selection's (on a phone: the tab shown). */
			column: (selected: Column) => Column;
			/** The questions of a column, as listed. */
			list: (column: Column) => ModQuestion[];
			/** The list a column shows now (null while searching). */
			home: (column: Column) => ListTab | null;
			/** The lists on screen now: the tab's on a phone or tablet, the queue and the tab's on a laptop. */
			shown: () => ListTab[];
		}
	) {}

	get column(): Column {
		return this.view.column(this.selectedColumn);
	}
	get #list() {
		return this.view.list(this.column);
	}
	get selected(): ModQuestion | undefined {
		return this.#list.find((q) => q.id === this.selectedId);
	}
	/** Ticked questions still in the queue, in its order. */
	get checkedIds(): string[] {
		return this.view
			.list('queue')
			.filter((q) => q.state === 'pending' && this.checked.has(q.id))
			.map((q) => q.id);
	}

	/**
	 * Run in an effect: when the selected question leaves its list (approved, declined, merged), the one now in its
	 * place is selected, so a run of "a a a" works down the queue.
	 */
	follow() {
		const list = this.#list;
		const i = list.findIndex((q) => q.id === this.selectedId);
		if (i >= 0) this.#lastIndex = i;
		else if (this.selectedId !== null)
			this.selectedId = list.length ? list[Math.min(this.#lastIndex, list.length - 1)].id : null;
	}

	/**
	 * The question whose form is open, when it has left the list the form was opened in for one not on screen (another
	 * moderator approved, declined, merged or archived it; its asker withdrew it): it stays in that list, form and all,
	 * saying what happened, until the form is closed. Without this, on a tablet the form went into a hidden tab, typed
	 * reason and all, and the moderator was left looking at the next question. A new list that is on screen (the
	 * laptop's other column) shows it there instead, as before.
	 */
	get held(): Held | null {
		const p = this.panel;
		if (!p?.home || !this.mod.state) return null;
		const shown = this.view.shown();
		if (!shown.includes(p.home)) return null;
		const q = this.mod.byId(p.id) ?? null;
		if (q && shown.some((tab) => inList(q, tab))) return null;
		return { id: p.id, home: p.home, question: q };
	}

	select(q: ModQuestion, column: Column) {
		this.selectedId = q.id;
		this.selectedColumn = column;
	}

	/** Opens (or, with null, closes) a form on `q`, as listed in `column`. */
	open(q: ModQuestion, kind: RowPanel | null, column: Column = this.column) {
		this.#setPanel(kind ? { id: q.id, kind, home: this.view.home(column) } : null);
	}

	/** Closes the open form, if any, and forgets what was typed in it. */
	close() {
		this.#setPanel(null);
	}

	/**
	 * Lets a held form go to the list its question is in now (`list`, which the console then shows): it is kept there.
	 */
	follows(list: ListTab) {
		if (this.panel) this.panel.home = list;
	}

	/** A form closed or replaced takes what was typed in it along. */
	#setPanel(panel: { id: string; kind: RowPanel; home: ListTab | null } | null) {
		this.mod.dropDrafts();
		this.panel = panel;
	}

	toggleCheck(id: string, on: boolean) {
		if (on) this.checked.add(id);
		else this.checked.delete(id);
	}

	toggleAll(on: boolean) {
		this.checked.clear();
		if (on) for (const q of this.view.list('queue')) if (q.state === 'pending') this.checked.add(q.id);
	}

	async approveChecked() {
		const ids = this.checkedIds;
		if (ids.length && (await this.mod.approve(ids, 'bulk'))) this.checked.clear();
	}

	/** A new session: nothing selected, ticked or open. */
	reset() {
		this.#setPanel(null);
		this.selectedId = null;
		this.checked.clear();
	}

	async move(delta: number) {
		const list = this.#list;
		if (!list.length) return;
		const i = list.findIndex((q) => q.id === this.selectedId);
		const next =
			i < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, i + delta));
		this.selectedId = list[next].id;
		this.selectedColumn = this.column;
		await tick();
		// Focus goes with the selection, so a screen reader reads the question that a, d, e or m will act on.
		const row = document.querySelector<HTMLElement>(`[data-question-id="${this.selectedId}"]`);
		row?.focus({ preventScroll: true });
		row?.scrollIntoView({ block: 'nearest' });
	}

	/** The console's shortcuts (see ShortcutLegend); a key it does not use is left to the browser. */
	onkeydown = (e: KeyboardEvent) => {
		if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !this.mod.state)
			return;
		// While the console asks whether to show a flagged question, keys are the dialog's (Escape cancels it).
		if (this.mod.pinAsk) return;
		const q = this.selected;
		const waiting = q && (q.state === 'pending' || q.state === 'declined');
		const published = q?.state === 'published';
		const open = q && q.state !== 'merged' && q.state !== 'archived';
		let handled = true;
		if (e.key === 'j') void this.move(1);
		else if (e.key === 'k') void this.move(-1);
		else if (e.key === 'Escape') this.#setPanel(null);
		else if (!q) handled = false;
		else if (e.key === 'p' && published) void this.mod.requestPin(q.id, !q.pinned);
		else if (!this.view.canModerate()) handled = false;
		else if (e.key === 'a' && waiting) void this.mod.approve([q.id]);
		else if (e.key === 'd' && open && q.state !== 'declined') this.open(q, 'decline');
		else if (e.key === 'e' && open) this.open(q, 'edit');
		else if (e.key === 'm' && open) this.open(q, 'merge');
		else if (e.key === 'x' && q.state === 'pending') this.toggleCheck(q.id, !this.checked.has(q.id));
		else handled = false;
		if (handled) e.preventDefault();
	};
}
