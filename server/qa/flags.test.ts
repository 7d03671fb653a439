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
		expect(flagText('see case no. 4471 from Lahore')).toContain('id-number');
		expect(flagText('our ref: QTA-19/22 is pending')).toContain('id-number');
	});

	it('leaves ordinary questions unflagged, years and counts included', () => {
		expect(flagText('How many of the 30 countries signed the 2000 Protocol?')).toEqual([]);
		expect(flagText('Will the Scunthorpe assessment of class sizes apply here?')).toEqual([]);
	});

	it('does not take resolution numbers, years or year ranges for phone numbers', () => {
		expect(flagText('How does Resolution 2240 (2015) apply to smuggling by sea?', { country: 'PK' })).toEqual(
			[]
		);
		expect(flagText('What changed in arrivals over 2018–2020?', { country: 'PK' })).toEqual([]);
		expect(flagText('What changed between 2018-2020 and 2021-2023?', { country: 'PK' })).toEqual([]);
	});

	it('flags Pakistani numbers written nationally and any number written internationally', () => {
		expect(flagText('call +92 300 1234567', { country: 'PK' })).toEqual(['phone']);
		expect(flagText('call him on 0300-1234567 tonight', { country: 'PK' })).toEqual(['phone']);
		expect(flagText('اس نمبر پر رابطہ کریں ۰۳۰۰ ۱۲۳۴۵۶۷', { country: 'PK' })).toEqual(['phone']);
		expect(flagText('the agent answers on +44 20 7946 0958', { country: 'PK' })).toEqual(['phone']);
		expect(flagText('the agent answers on +44 20 7946 0958')).toEqual(['phone']);
	});

	it('flags Urdu and Arabic insults in any spelling variant, as whole words', () => {
		expect(flagText('یہ وزیر حرامزادہ ہے')).toEqual(['profanity']);
		// The same word typed on an Arabic keyboard (ه for ہ).
		expect(flagText('یہ وزیر حرامزاده ہے')).toEqual(['profanity']);
		expect(flagText('هذا الوفد شرموطة')).toEqual(['profanity']);
		expect(flagText('هذا الوفد شرموطه')).toEqual(['profanity']);
		expect(flagText('ابن الكلب لا يجيب')).toEqual(['profanity']);
	});

	it('sees through the joiners user text keeps (ZWNJ, ZWJ) typed inside an insult, an address or a number', () => {
		const zwnj = '\u200C';
		const zwj = '\u200D';
		expect(flagText(`یہ وزیر حرام${zwnj}زادہ ہے`)).toEqual(['profanity']);
		expect(flagText(`هذا الوفد شرمو${zwj}طة`)).toEqual(['profanity']);
		expect(flagText(`this is fu${zwj}cking useless`)).toEqual(['profanity']);
		expect(flagText(`write to ali.khan${zwnj}@example.org for details`)).toEqual(['email']);
		expect(flagText(`call him on 0300${zwnj}-1234567 tonight`, { country: 'PK' })).toEqual(['phone']);
		expect(flagText(`passport AB${zwj}1234567 was seized`)).toContain('id-number');
		// A joiner in an ordinary word (Persian spelling: نیم‌شب, midnight) flags nothing.
		expect(flagText(`آیا در نیم${zwnj}شب مرزها بسته می${zwnj}شوند؟`, { country: 'PK' })).toEqual([]);
	});

	it("leaves the conference's own subject unflagged: trafficking, sex trafficking, rape, child pornography", () => {
		for (const text of [
			'How do we dismantle human trafficking networks across borders?',
			'Anti-trafficking units need shared databases: who funds them?',
			'What share of the traffickers convicted last year were repeat offenders?',
			'Is sex trafficking prosecuted under the same law as smuggling?',
			'How are rape survivors among smuggled migrants referred to care?',
			'Should online child pornography cases go to the same task force?',
			'Which courts hear incest and forced-marriage cases?',
			'Fukushima showed how displacement follows disasters: is climate a root cause?',
			// Words that begin with a case-number keyword, or follow one, are not numbers.
			'Can victims file complaints without a passport? A case study from Quetta, referred to the FIA.',
			'Do passport holders of the region need visas for the task force meetings?'
		])
			expect(flagText(text), text).toEqual([]);
		// Still flagged next to those words.
		expect(flagText('these fucking traffickers')).toEqual(['profanity']);
		expect(flagText('the minister is a whore')).toEqual(['profanity']);
	});

	it('leaves innocent Urdu and Arabic questions unflagged, words close to an insult included', () => {
		expect(flagText('انسانی اسمگلنگ کے خلاف علاقائی تعاون کیسے بڑھایا جائے؟', { country: 'PK' })).toEqual([]);
		// نیک (good) and کس (which) are ordinary Urdu words; لنڈا بازار is a market.
		expect(flagText('کس ملک نے نیک نیتی سے لنڈا بازار کے تاجروں کی مدد کی؟', { country: 'PK' })).toEqual([]);
		expect(
			flagText('كيف نعزز تبادل المعلومات بين الدول لمكافحة تهريب المهاجرين؟', { country: 'PK' })
		).toEqual([]);
		expect(flagText('ما دور ابن خلدون في فهم الهجرة؟', { country: 'PK' })).toEqual([]);
	});
});
