import { describe, expect, it } from 'vitest';
import { speakersFromText, speakersToText } from './speakers';

describe('speakers as "Name, role" lines', () => {
	it('reads one speaker per line, the role after the first comma', () => {
		expect(speakersFromText('Dr. A. Khan, Director, FIA\n\n  B. Ali  \nC. Roe,  ')).toEqual([
			{ name: 'Dr. A. Khan', role: 'Director, FIA' },
			{ name: 'B. Ali' },
			{ name: 'C. Roe' }
		]);
	});

	it('takes the Arabic comma (،) as the end of a name too, whichever comma comes first', () => {
		expect(speakersFromText('ڈاکٹر عائشہ خان، ڈائریکٹر, ایف آئی اے\nA. Khan, مدير، FIA')).toEqual([
			{ name: 'ڈاکٹر عائشہ خان', role: 'ڈائریکٹر, ایف آئی اے' },
			{ name: 'A. Khan', role: 'مدير، FIA' }
		]);
	});

	it('writes an Arabic-script name back with the Arabic comma, and reads it back unchanged', () => {
		const speakers = [{ name: 'ڈاکٹر عائشہ خان', role: 'ڈائریکٹر' }];
		expect(speakersToText(speakers)).toBe('ڈاکٹر عائشہ خان، ڈائریکٹر');
		expect(speakersFromText(speakersToText(speakers))).toEqual(speakers);
	});

	it('writes them back the same way', () => {
		const speakers = [{ name: 'Dr. A. Khan', role: 'Director, FIA' }, { name: 'B. Ali' }];
		expect(speakersFromText(speakersToText(speakers))).toEqual(speakers);
	});
});
