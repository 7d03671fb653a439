import QRCode from 'qrcode';
import { badgeJoinPath, formatBadgeCode, type GeneratedBadge } from '$lib/protocol';
import { spreadsheetCsv } from '$lib/text/csv';

/** One printed badge: its number, its code, the link its QR code opens, and the attendee it was printed for. */
export interface BadgeLine {
	serial: number;
	code: string;
	url: string;
	/** A name or registration number typed by the organiser: on the sheet and in the CSV, never sent to the hub. */
	label: string;
}

/** The badges of one generation, each with its join link on `base` and the label typed for it (if any). */
export function badgeLines(
	badges: GeneratedBadge[],
	opts: { base: string; eventCode: string; labels?: string[] }
): BadgeLine[] {
	return badges.map((b, i) => ({
		serial: b.serial,
		code: formatBadgeCode(b.code),
		url: `${opts.base}${badgeJoinPath(opts.eventCode, b.code)}`,
		label: opts.labels?.[i] ?? ''
	}));
}

/**
 * The CSV an organiser keeps or mail-merges: one row per badge, written as the hub's exports are (a byte-order mark
 * for the Urdu and Arabic names, a name typed as a formula defused).
 */
export function badgesCsv(lines: BadgeLine[]): string {
	return spreadsheetCsv(
		['serial', 'attendee', 'code', 'join_url'],
		lines.map((l) => [l.serial, l.label, l.code, l.url])
	);
}

/** A badge's QR code as an SVG document: scanning it opens the event page, which redeems the code. */
export const badgeQrSvg = (url: string) =>
	QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
