import { describe, expect, it } from 'vitest';
import { badgeFromFragment } from './redeem.svelte';
import { badgeLines, badgeQrSvg, badgesCsv } from './sheet';

const badges = [
	{ serial: 1, code: 'K7P2M9XQ4T' },
	{ serial: 2, code: '0123456789' }
];

describe('the badge sheet', () => {
	it('links each badge to the event page with its code in the fragment', () => {
		const lines = badgeLines(badges, {
			base: 'https://dais.example.org',
			eventCode: 'ISB26',
			labels: ['A. Khan']
		});
		expect(lines).toEqual([
			{
				serial: 1,
				code: 'K7P2M-9XQ4T',
				url: 'https://dais.example.org/e/ISB26#badge=K7P2M-9XQ4T',
				label: 'A. Khan'
			},
			{ serial: 2, code: '01234-56789', url: 'https://dais.example.org/e/ISB26#badge=01234-56789', label: '' }
		]);
		expect(badgeFromFragment(new URL(lines[0].url).hash)).toBe('K7P2M-9XQ4T');
	});

	it('writes the CSV as the hub writes its exports: a byte-order mark, Urdu and Arabic intact, every value quoted, no formula', () => {
		const lines = badgeLines([...badges, { serial: 3, code: 'ABCDE12345' }], {
			base: 'https://dais.example.org',
			eventCode: 'ISB26',
			labels: ['محمد علی - ایف آئی اے', 'فاطمة الزهراء الإدريسي', '=HYPERLINK("http://evil.example","x")']
		});
		const csv = badgesCsv(lines);
		// Without the mark, Excel on Windows reads the file as ANSI and garbles the Urdu and Arabic names.
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv.slice(1).split('\r\n')).toEqual([
			'"serial","attendee","code","join_url"',
			'"1","محمد علی - ایف آئی اے","K7P2M-9XQ4T","https://dais.example.org/e/ISB26#badge=K7P2M-9XQ4T"',
			'"2","فاطمة الزهراء الإدريسي","01234-56789","https://dais.example.org/e/ISB26#badge=01234-56789"',
			// As the hub's exports write an attendee's formula (server/report/files.test.ts): text, not a link.
			`"3","'=HYPERLINK(""http://evil.example"",""x"")","ABCDE-12345","https://dais.example.org/e/ISB26#badge=ABCDE-12345"`,
			''
		]);
	});

	it('draws a QR code as SVG', async () => {
		expect(await badgeQrSvg('https://dais.example.org/e/ISB26#badge=K7P2M-9XQ4T')).toMatch(
			/^<svg[\s\S]*<\/svg>\n?$/
		);
	});
});
