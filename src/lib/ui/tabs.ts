/**
 * The keyboard of an ARIA tab list (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): only the selected tab is in
 * the Tab order (roving tabindex: give it tabindex 0 and the others -1); the arrow keys move to the previous or
 * next tab and select it (automatic activation), wrapping round; Home and End go to the first and last. In a
 * right-to-left page the arrows follow the reading direction, as the tabs are laid out.
 */

/** Where a key moves from tab `from` of `count`, or null when the key is not the tab list's. */
export function nextTab(key: string, from: number, count: number, rtl = false): number | null {
	if (count === 0) return null;
	const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
	const back = rtl ? 'ArrowRight' : 'ArrowLeft';
	if (key === forward) return (from + 1) % count;
	if (key === back) return (from - 1 + count) % count;
	if (key === 'Home') return 0;
	if (key === 'End') return count - 1;
	return null;
}

/** `onkeydown` of each tab (role="tab") in a tab list: moves focus to the tab the key names and selects it. */
export function tabKeydown(e: KeyboardEvent & { currentTarget: HTMLElement }) {
	if (e.altKey || e.ctrlKey || e.metaKey) return;
	const list = e.currentTarget.closest<HTMLElement>('[role="tablist"]');
	if (!list) return;
	// Tabs hidden by the layout (e.g. the moderator's queue tab on a laptop) are skipped.
	const tabs = [...list.querySelectorAll<HTMLElement>('[role="tab"]')].filter(
		(t) => t.getClientRects().length > 0 && !t.matches(':disabled')
	);
	const from = tabs.indexOf(e.currentTarget);
	if (from < 0) return;
	const to = nextTab(e.key, from, tabs.length, getComputedStyle(list).direction === 'rtl');
	if (to === null) return;
	e.preventDefault();
	tabs[to].focus();
	tabs[to].click();
}
