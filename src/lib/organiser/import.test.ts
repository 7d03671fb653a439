import { describe, expect, it } from 'vitest';
import { readProgrammeFile } from './import';

const json = '{"event": {"title": "ورشة عمل — اردو کانفرنس"}}';

describe('readProgrammeFile', () => {
	it('reads UTF-8, with or without a byte-order mark', async () => {
		expect(await readProgrammeFile(new Blob([json]))).toBe(json);
		expect(await readProgrammeFile(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), json]))).toBe(json);
	});

	it('reads UTF-16 in the order its byte-order mark names (what Notepad saves as "Unicode")', async () => {
		const units = [...json].flatMap((c) => [...c].map((ch) => ch.charCodeAt(0)));
		const le = new Uint8Array(2 + units.length * 2);
		const be = new Uint8Array(2 + units.length * 2);
		le.set([0xff, 0xfe]);
		be.set([0xfe, 0xff]);
		units.forEach((u, i) => {
			le.set([u & 0xff, u >> 8], 2 + i * 2);
			be.set([u >> 8, u & 0xff], 2 + i * 2);
		});
		expect(await readProgrammeFile(new Blob([le]))).toBe(json);
		expect(await readProgrammeFile(new Blob([be]))).toBe(json);
	});

	it('refuses a file in a legacy encoding instead of reading its letters as "�"', async () => {
		// "ورشة" in Windows-1256, the usual Arabic encoding of files saved on Windows.
		const cp1256 = new Uint8Array([0x7b, 0x22, 0xe6, 0xd1, 0xd4, 0xc9, 0x22, 0x7d]);
		expect(await readProgrammeFile(new Blob([cp1256]))).toBeNull();
		// Latin-1 "Société" (0xE9 is not UTF-8 on its own).
		expect(
			await readProgrammeFile(new Blob([new Uint8Array([0x53, 0x6f, 0x63, 0x69, 0xe9, 0x74, 0xe9])]))
		).toBeNull();
	});
});
