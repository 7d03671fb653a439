import { describe, expect, it } from 'vitest';
import { flagText } from './flags';

describe('question flags for the moderator', () => {
	it('flags profanity, including disguised spellings', () => {
		expect(flagText('this is fucking useless')).toContain('profanity');
		expect(flagText('what a load of sh1t')).toContain('profanity');
		expect(flagText('fuuuuck the delegates')).toContain('profanity');
	});

	it('flags e-mail addresses, phone numbers and passport or case numbers', () => {
		expect(flagText('write to ali.khan@example.org for details')).toEqual(['email']);
		expect(flagText('call me on +92 300 1234567')).toEqual(['phone']);
		expect(flagText('passport AB1234567 was seized')).toContain('id-number');
		expect(flagText('what happened in FIR 123/2024?')).toContain('id-number');
		expect(flagText('CNIC 35202-1234567-1 belongs to a victim')).toContain('id-number');
	});

	it('leaves ordinary questions unflagged, years and counts included', () => {
		expect(flagText('How many of the 30 countries signed the 2000 Protocol?')).toEqual([]);
		expect(flagText('Will the Scunthorpe assessment of class sizes apply here?')).toEqual([]);
	});
});
