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

	it('writes a CSV row per badge, quoting what needs quoting', () => {
		const lines = badgeLines(badges, {
			base: 'https://dais.example.org',
			eventCode: 'ISB26',
			labels: ['Khan, Ayesha "Ministry"', 'وزارة الداخلية']
		});
		expect(badgesCsv(lines).split('\n')).toEqual([
			'serial,attendee,code,join_url',
			'1,"Khan, Ayesha ""Ministry""",K7P2M-9XQ4T,https://dais.example.org/e/ISB26#badge=K7P2M-9XQ4T',
			'2,وزارة الداخلية,01234-56789,https://dais.example.org/e/ISB26#badge=01234-56789',
			''
		]);
	});

	it('draws a QR code as SVG', async () => {
		expect(await badgeQrSvg('https://dais.example.org/e/ISB26#badge=K7P2M-9XQ4T')).toMatch(
			/^<svg[\s\S]*<\/svg>\n?$/
		);
	});
});
