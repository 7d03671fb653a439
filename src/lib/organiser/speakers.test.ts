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

	it('writes them back the same way', () => {
		const speakers = [{ name: 'Dr. A. Khan', role: 'Director, FIA' }, { name: 'B. Ali' }];
		expect(speakersFromText(speakersToText(speakers))).toEqual(speakers);
	});
});
