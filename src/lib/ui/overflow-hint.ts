import type { Attachment } from 'svelte/attachments';

/**
 * Marks a strip that scrolls sideways with the sides that hide more of it (`data-more-left`, `data-more-right`), so
 * its CSS can fade those edges: with its scrollbar hidden, nothing else told a reader the strip went on. Sides are
 * physical, whichever way the page reads (in a right-to-left page the strip starts at the right, and Chromium counts
 * `scrollLeft` from there down to negative values).
 */
export function overflowHint(): Attachment<HTMLElement> {
	return (el) => {
		const update = () => {
			const max = el.scrollWidth - el.clientWidth;
			const rtl = getComputedStyle(el).direction === 'rtl';
			// How far the view is from the strip's left and right ends, in pixels.
			const fromLeft = rtl ? max + el.scrollLeft : el.scrollLeft;
			el.toggleAttribute('data-more-left', max > 1 && fromLeft > 1);
			el.toggleAttribute('data-more-right', max > 1 && max - fromLeft > 1);
		};
		const sizes = new ResizeObserver(update);
		sizes.observe(el);
		// Its links change width with the language, without the strip changing its own.
		for (const child of el.children) sizes.observe(child);
		el.addEventListener('scroll', update, { passive: true });
		update();
		return () => {
			sizes.disconnect();
			el.removeEventListener('scroll', update);
		};
	};
}
