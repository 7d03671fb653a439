import type { Attachment } from 'svelte/attachments';

const FOCUSABLE = 'button, a[href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Where focus was in a list: the row (by its key), which control in it, and the row's place. */
interface Place {
	key: string;
	/** The control by its test id (and which of the row's controls with that id), else by its place in the row. */
	control: { testid: string; nth: number } | number;
	index: number;
}

/**
 * Keeps keyboard focus in a live list whose rows move or leave under it. Re-sorting (an upvote moves a question
 * up) re-inserts the focused row, and the browser drops focus to the page; a row that leaves (a question approved
 * out of the queue) takes focus with it. After each such change focus goes back to the same control of the same
 * row, or, if the row has gone, of the row now in its place (the next one), so a keyboard or screen-reader user
 * carries on where they were. Rows carry `keyAttr`; focus the person moved elsewhere themselves is left alone.
 */
export function keepFocus(keyAttr = 'data-question-id'): Attachment<HTMLElement> {
	return (list) => {
		let saved: Place | null = null;
		const rows = () => [...list.querySelectorAll<HTMLElement>(`[${keyAttr}]`)];

		const remember = (target: HTMLElement) => {
			const row = target.closest<HTMLElement>(`[${keyAttr}]`);
			if (!row || !list.contains(row)) return (saved = null);
			const testid = target.getAttribute('data-testid');
			saved = {
				key: row.getAttribute(keyAttr) ?? '',
				control: testid
					? { testid, nth: [...row.querySelectorAll(`[data-testid="${testid}"]`)].indexOf(target) }
					: [...row.querySelectorAll(FOCUSABLE)].indexOf(target),
				index: rows().indexOf(row)
			};
		};

		const onFocusIn = (e: FocusEvent) => {
			if (e.target instanceof HTMLElement) remember(e.target);
		};
		// Focus leaving the list is the person's doing unless the list changed in the same task: a row about to be
		// removed or moved loses focus as the page changes it. So a loss is forgotten only once the task is over and
		// no change of the list has claimed it. A button disabled while its command is on its way is kept too.
		let loss = false;
		const onFocusOut = (e: FocusEvent) => {
			const t = e.target;
			if (!(t instanceof HTMLElement) || !t.isConnected || t.matches(':disabled')) return;
			if (e.relatedTarget instanceof Node && list.contains(e.relatedTarget)) return;
			loss = true;
			setTimeout(() => {
				if (loss) saved = null;
				loss = false;
			});
		};

		const restore = () => {
			const active = document.activeElement;
			if (!saved || (active && active !== document.body)) return;
			const all = rows();
			const row =
				all.find((r) => r.getAttribute(keyAttr) === saved?.key) ?? all[Math.min(saved.index, all.length - 1)];
			if (!row) return;
			const controls = [...row.querySelectorAll<HTMLElement>(FOCUSABLE)];
			const { control } = saved;
			const same =
				typeof control === 'number'
					? controls[control]
					: controls.filter((c) => c.getAttribute('data-testid') === control.testid)[control.nth];
			// A control busy with its command is waited for: the row will change again when the hub answers.
			if (same?.matches(':disabled')) return;
			(same ?? controls.find((c) => !c.matches(':disabled')))?.focus();
		};

		const observer = new MutationObserver(() => {
			loss = false;
			restore();
		});
		observer.observe(list, {
			childList: true,
			subtree: true,
			attributes: true,
			attributeFilter: ['disabled']
		});
		list.addEventListener('focusin', onFocusIn);
		list.addEventListener('focusout', onFocusOut);
		return () => {
			observer.disconnect();
			list.removeEventListener('focusin', onFocusIn);
			list.removeEventListener('focusout', onFocusOut);
		};
	};
}
