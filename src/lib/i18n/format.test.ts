import { describe, expect, it } from 'vitest';
import {
	clock,
	countdown,
	dayAndClock,
	dayLabel,
	eventTimeName,
	formatDecimal,
	formatNumber,
	formatPercent,
	timeRange
} from './format';
import { bidiRuns, bidiText, isolate, isolatedList, textDirection } from './bidi';

const TZ = 'Asia/Karachi';
const at = (iso: string) => Date.parse(iso);
const OPENING = [at('2026-12-08T04:30:00Z'), at('2026-12-08T05:15:00Z')] as const; // 09:30–10:15 in Islamabad
const FSI = '\u2068';
const PDI = '\u2069';

describe('times in the reader’s language', () => {
	it('keeps English as it was: 24-hour British times, digits not isolated', () => {
		expect(clock(OPENING[0], TZ, 'en')).toBe('09:30');
		expect(timeRange(...OPENING, TZ, 'en')).toBe('09:30–10:15');
	});

	it('writes a range over midnight as times only, not with both dates (a phone card cut it off)', () => {
		// 23:25–00:55 in Islamabad: Intl's formatRange gives "04/12/2026, 23:25 – 05/12/2026, 00:55".
		const late = [at('2026-12-04T18:25:00Z'), at('2026-12-04T19:55:00Z')] as const;
		// The days it runs over come after it, isolated left to right ("(1+)" in an Urdu line otherwise).
		expect(timeRange(...late, TZ, 'en')).toBe('23:25–00:55\u00A0(\u2066+1\u2069)');
		for (const locale of ['fr', 'ur', 'ar'] as const)
			expect(timeRange(...late, TZ, locale)).not.toMatch(/2026/);
		// Digits alone, as English's: nothing to isolate.
		expect(timeRange(...late, TZ, 'ur')).toBe('23:25–00:55\u00A0(\u2066+1\u2069)');
		// Written as the language writes its other ranges: French puts spaces around the dash.
		expect(timeRange(...late, TZ, 'fr')).toBe(
			timeRange(at('2026-12-04T04:25:00Z'), at('2026-12-04T05:55:00Z'), TZ, 'fr')
				.replace('09:25', '23:25')
				.replace('10:55', '00:55') + '\u00A0(\u2066+1\u2069)'
		);
		const twoNights = [at('2026-12-04T18:25:00Z'), at('2026-12-06T04:00:00Z')] as const;
		expect(timeRange(...twoNights, TZ, 'en')).toBe('23:25–09:00\u00A0(\u2066+2\u2069)');
	});

	it('writes Urdu and Arabic session times on a 24-hour clock, as English (no AM/PM or ص/م, which cut the screen title)', () => {
		const session = [at('2026-12-08T06:10:00Z'), at('2026-12-08T07:40:00Z')] as const; // 11:10–12:40 in Islamabad
		for (const locale of ['ur', 'ar'] as const) {
			const range = timeRange(...session, TZ, locale);
			// The locale's own digits, whichever CLDR gives it: only the clock is fixed.
			const digits = (s: string) =>
				s
					.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
					.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x6f0));
			expect(digits(range).replace(/[\s\u200e\u200f\u061c]/g, '')).toBe('11:10–12:40');
			expect(range).not.toMatch(/\p{L}/u);
			expect(digits(clock(at('2026-12-08T08:25:00Z'), TZ, locale))).toMatch(/^\D*13:25\D*$/);
			expect(digits(clock(at('2026-12-08T19:05:00Z'), TZ, locale))).toMatch(/^\D*00:05\D*$/);
		}
		expect(timeRange(...session, TZ, 'en')).toBe('11:10–12:40');
	});

	it('names days in the language, not in English', () => {
		expect(dayLabel('2026-12-08', 'en')).toBe(isolate('Tue 8 Dec'));
		expect(dayLabel('2026-12-08', 'fr')).toMatch(/mar\.?\s+8\s+déc\.?/);
		expect(dayLabel('2026-12-08', 'ur')).toMatch(/دسمبر/);
		expect(dayLabel('2026-12-08', 'ar')).toMatch(/ديسمبر/);
		expect(dayAndClock(OPENING[0], TZ, 'fr')).toMatch(/déc.*09:30/);
	});

	it('writes a time with two-digit hours in every language ("09:30", not "9:30")', () => {
		const after = at('2026-12-08T08:25:00Z'); // 13:25 in Islamabad
		expect(clock(after, TZ, 'ur')).toBe('13:25');
		expect(clock(OPENING[0], TZ, 'ur')).toBe('09:30');
		expect(clock(after, TZ, 'en')).toBe('13:25');
		expect(clock(OPENING[0], TZ, 'fr')).toBe('09:30');
	});

	it('writes an Urdu day and time as a right-to-left date with a 24-hour time', () => {
		const urdu = dayAndClock(OPENING[0], TZ, 'ur');
		expect(urdu.startsWith(FSI) && urdu.endsWith(PDI)).toBe(true);
		expect(urdu).toMatch(/دسمبر/);
		expect(urdu).toContain('09:30');
		expect(urdu).not.toMatch(/AM/);
		expect(dayAndClock(OPENING[0], TZ, 'en')).toBe(isolate('Tue 8 Dec, 09:30'));
	});
});

describe('numbers, percentages and countdowns', () => {
	it('groups thousands the language’s way', () => {
		expect(formatNumber(10000, 'en')).toBe('10,000');
		expect(formatNumber(10000, 'fr')).toBe('10\u202f000');
		expect(formatDecimal(3.45, 'fr')).toBe('3,5');
	});

	it('writes percentages with the language’s sign and spacing', () => {
		expect(formatPercent(42, 'en')).toBe('42%');
		expect(formatPercent(42, 'fr')).toMatch(/^42[\u00a0\u202f]%$/);
		expect(formatPercent(42, 'ar')).toMatch(/^42\S*%/);
	});

	it('counts down in minutes and two-digit seconds, never below zero', () => {
		expect(countdown(65, 'en')).toBe('1:05');
		expect(countdown(600, 'ar')).toBe('10:00');
		expect(countdown(-3, 'en')).toBe('0:00');
	});
});

describe('the event’s time, named as people say it', () => {
	const islamabad = {
		timezone: TZ,
		city: 'Islamabad',
		timeZoneNames: { en: 'Islamabad time', fr: 'heure d’Islamabad' }
	};

	it('takes the name the event file gives for the language', () => {
		expect(eventTimeName(islamabad, 'en')).toBe('Islamabad time');
		expect(eventTimeName(islamabad, 'fr')).toBe('heure d’Islamabad');
	});

	it('makes one from the city for a language the file leaves out', () => {
		expect(eventTimeName(islamabad, 'ar')).toBe('توقيت Islamabad');
		expect(eventTimeName({ timezone: TZ, city: 'Lahore' }, 'ur')).toBe('Lahore کا وقت');
	});

	it('falls back on the zone’s own city when the event names none', () => {
		expect(eventTimeName({ timezone: 'America/New_York', city: '' }, 'en')).toBe('New York time');
	});
});

describe('text people typed, inside the page’s sentences', () => {
	it('isolates each piece and joins them with the language’s comma', () => {
		expect(isolatedList(['عائشہ', null, 'Pakistan', ''])).toBe(`${FSI}عائشہ${PDI}, ${FSI}Pakistan${PDI}`);
	});
});

describe('textDirection (the direction of a typed text, laid out on its own)', () => {
	it('follows most of its words, then its first letter, and is null without a letter', () => {
		expect(textDirection('Working session 1: Enhancing intelligence sharing')).toBe('ltr');
		expect(textDirection('مشترکہ تحقیقاتی ٹیمیں')).toBe('rtl');
		expect(textDirection('٢٠٢٦ — الجلسة الأولى')).toBe('rtl');
		expect(textDirection('2026: اجلاس and more')).toBe('ltr');
		expect(textDirection('2026: اجلاس اور more')).toBe('rtl');
		expect(textDirection('«Séance» ١')).toBe('ltr');
		expect(textDirection('12:30 – 13:00')).toBeNull();
		// An Urdu sentence that opens with acronyms, and an English one that quotes Arabic.
		expect(textDirection('FIA اور UNODC کے ساتھ 2026 سے 2030 تک')).toBe('rtl');
		expect(textDirection('We need «حماية الضحايا» first')).toBe('ltr');
		// An acronym counts half a word: a short Urdu label that opens with one is Urdu. A tie goes to the first letter.
		expect(textDirection('IOM مکتب')).toBe('rtl');
		expect(textDirection('UNODC پورٹل')).toBe('rtl');
		expect(textDirection('UNODC and IOM پورٹل')).toBe('ltr');
		expect(textDirection('Portal پورٹل')).toBe('ltr');
	});
});

describe('bidiText (typed text made ready for dir="auto")', () => {
	const LRI = '\u2066';
	const PDI = '\u2069';
	it('opens with a mark of the direction most of its words take when its first letter says otherwise', () => {
		expect(bidiText('FIA اور UNODC کے ساتھ کام')).toBe('\u200FFIA اور UNODC کے ساتھ کام');
		expect(bidiText('«حماية» is what we need first')).toBe('\u200E«حماية» is what we need first');
		expect(bidiText('UNODC پورٹل')).toBe('\u200FUNODC پورٹل');
		for (const same of ['Plain English', 'کیا UNODC کی رپورٹ', '', '12:30', 'Portal پورٹل'])
			expect(bidiText(same)).toBe(same);
	});
	it('keeps a phone number in its order after Arabic letters, and leaves ranges and short numbers alone', () => {
		expect(bidiText('رابطہ (051-111-345-786) پر کریں')).toBe(`رابطہ (${LRI}051-111-345-786${PDI}) پر کریں`);
		expect(bidiText('نمبر 0300 1234567 ہے')).toBe(`نمبر ${LRI}0300 1234567${PDI} ہے`);
		expect(bidiText('اتصل على +92 51 9201234')).toBe(`اتصل على ${LRI}+92 51 9201234${PDI}`);
		expect(bidiText('رقم ٠٥١-١١١-٣٤٥-٧٨٦')).toBe(`رقم ${LRI}٠٥١-١١١-٣٤٥-٧٨٦${PDI}`);
		for (const same of ['2026-2030 تک', 'دفعہ 12(3) اور 25%', 'سال 2025 میں', 'Call 051-111-345-786'])
			expect(bidiText(same)).toBe(same);
	});
	it('isolates a typed piece inside a sentence by the same rule', () => {
		expect(isolate('FIA اور UNODC کے ساتھ')).toBe('\u2068\u200FFIA اور UNODC کے ساتھ\u2069');
	});
});

describe('bidiRuns (typed text cut into words and numbers kept whole, for UserText)', () => {
	const shown = (text: string) => bidiRuns(text).map((r) => (r.number ? `[${r.text}]` : r.text));
	it('keeps a phone, case or file number whole, with its code letters, in any language', () => {
		expect(shown('میرا نمبر +92-300-1234567 ہے')).toEqual(['میرا نمبر ', '[+92-300-1234567]', ' ہے']);
		expect(shown('مقدمہ FIA-2026-0412 کا کیا بنا؟')).toEqual(['مقدمہ ', '[FIA-2026-0412]', ' کا کیا بنا؟']);
		expect(shown('القضية FIR-123/2024 في 12/08/2026.')).toEqual([
			'القضية ',
			'[FIR-123/2024]',
			' في ',
			'[12/08/2026]',
			'.'
		]);
		expect(shown('نمبر 0300 1234567 ہے')).toEqual(['نمبر ', '[0300 1234567]', ' ہے']);
		expect(shown('رقم ٠٥١-١١١-٣٤٥-٧٨٦')).toEqual(['رقم ', '[٠٥١-١١١-٣٤٥-٧٨٦]']);
		expect(shown('Call (051-111-345-786).')).toEqual(['Call (', '[051-111-345-786]', ').']);
		expect(shown('سال 12 051-111-345 میں')).toEqual(['سال 12 ', '[051-111-345]', ' میں']);
		// After a country code and a space, the rest is the same number, however it is grouped.
		expect(shown('اتصل بي على +212 661-234567')).toEqual(['اتصل بي على ', '[+212 661-234567]']);
		expect(shown('رابطہ +44 20 7946 0958 پر')).toEqual(['رابطہ ', '[+44 20 7946 0958]', ' پر']);
		expect(shown('نمبر +92 300-1234567، شکریہ')).toEqual(['نمبر ', '[+92 300-1234567]', '، شکریہ']);
	});
	it('leaves ranges, lone and short numbers, and words with them, as words', () => {
		for (const same of [
			'2026-2030 تک',
			'سال 2025 میں',
			'دفعہ 12(3) اور 25%',
			'at 12:30',
			'Plain English',
			''
		])
			expect(shown(same)).toEqual(same ? [same] : []);
		// A code longer than eight letters is a word: the number after it is a range, left to the sentence.
		expect(shown('ABCDEFGHIJ-2026-0412')).toEqual(['ABCDEFGHIJ-2026-0412']);
	});
	it('opens with a mark of the direction of most words when the first letter outside the numbers says otherwise', () => {
		// dir="auto" skips the isolates: here it sees Urdu first, and needs no mark.
		expect(shown('FIA-2026-0412 کے بارے میں')).toEqual(['[FIA-2026-0412]', ' کے بارے میں']);
		expect(shown('FIA-2026-0412 and UNODC کے بارے میں')).toEqual([
			'\u200F',
			'[FIA-2026-0412]',
			' and UNODC کے بارے میں'
		]);
		expect(shown('FIA اور UNODC سے 051-111-345-786 پر')).toEqual([
			'\u200FFIA اور UNODC سے ',
			'[051-111-345-786]',
			' پر'
		]);
		expect(shown('Case 051-111-345-786 in Lahore')).toEqual(['Case ', '[051-111-345-786]', ' in Lahore']);
	});
	it('gives back the text it was given, pieces joined (but for the mark)', () => {
		const text = 'FIA اور UNODC: +92-300-1234567، FIA-2026-0412 اور 2026-2030';
		expect(
			bidiRuns(text)
				.map((r) => r.text)
				.join('')
				.replace(/^\u200F/u, '')
		).toBe(text);
	});
});
