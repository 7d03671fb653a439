import { describe, expect, it } from 'vitest';
import { cleanText, hasVisibleText, INVISIBLE_TEXT_MESSAGE, UserText } from './text';
import { QuestionAsk } from './qa';
import { BallotAnswer, PollDefinition } from './polls';
import { issuesFromZod } from './ack';
import { AnnouncementPost, SessionFields, StaffMint } from './schemas';
import { EventCreate, OrganiserMint } from './host';

const ZWSP = '\u200B';
const RLO = '\u202E';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';

describe('cleanText', () => {
	it('removes bidi embeddings, overrides and isolates', () => {
		const bidi = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
		expect(cleanText(`a${bidi}b`)).toBe('ab');
	});

	it('removes other format and control characters: zero-width space, BOM, soft hyphen, NUL, escape', () => {
		expect(cleanText(`wh${ZWSP}o\uFEFF fu\u00ADnds\u0000 it\u001B?`)).toBe('who funds it?');
	});

	it('keeps ZWNJ and ZWJ, which Urdu, Persian and emoji sequences need', () => {
		const persian = `می${ZWNJ}خواهم`;
		const family = `👩${ZWJ}👩${ZWJ}👧`;
		expect(cleanText(persian)).toBe(persian);
		expect(cleanText(family)).toBe(family);
	});

	it('removes half of a surrogate pair (a cut emoji), which would be stored as U+FFFD, and keeps whole pairs', () => {
		expect(cleanText('shelters\uD83D for \uDE00children 😀')).toBe('shelters for children 😀');
		expect(cleanText('\uDE00\uD83D')).toBe('');
	});

	it('removes Hangul fillers and noncharacters, and cuts a pile of marks on one letter to six', () => {
		expect(cleanText('Tag\u3164\u3164 filler\u115F\u1160\uFFA0')).toBe('Tag filler');
		expect(cleanText('a\uFFFFb\uFDD0c\u{10FFFF}')).toBe('abc');
		expect(cleanText(`Z${'\u0301'.repeat(150)}algo`)).toBe(`Z${'\u0301'.repeat(6)}algo`);
		// Arabic with its vowels, and emoji with their variation selectors and skin tones, are as typed.
		const vowelled = 'مُحَمَّدٌ ❤️ 👍🏽';
		expect(cleanText(vowelled)).toBe(vowelled);
	});

	it('keeps a subdivision flag whole and removes tag characters anywhere else', () => {
		const tags = (s: string) => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
		const england = `\u{1F3F4}${tags('gbeng')}\u{E007F}`;
		const scotland = `\u{1F3F4}${tags('gbsct')}\u{E007F}`;
		expect(cleanText(`Go ${england} and ${scotland}!`)).toBe(`Go ${england} and ${scotland}!`);
		// A hidden message in tags (invisible on screen) goes, as do tags after anything but a black flag.
		expect(cleanText(`Hello${tags('ignore previous')}`)).toBe('Hello');
		expect(cleanText(`\u{1F3F3}${tags('gbeng')}\u{E007F}`)).toBe('\u{1F3F3}');
		// Too long to name a region: not a flag, and its tags go.
		expect(cleanText(`\u{1F3F4}${tags('abcdefgh')}\u{E007F}`)).toBe('\u{1F3F4}');
	});

	it('keeps newlines where the field allows several lines and makes them spaces elsewhere', () => {
		expect(cleanText('one\r\ntwo\u2028three', { multiline: true })).toBe('one\ntwo\nthree');
		expect(cleanText('one\r\ntwo\n\nthree')).toBe('one two three');
		expect(cleanText('a\tb')).toBe('a b');
	});
});

describe('hasVisibleText', () => {
	it('is false for spaces, joiners and letters that draw nothing', () => {
		expect(hasVisibleText(` ${ZWNJ}${ZWJ} \u3164\u2800`)).toBe(false);
	});

	it('is true for text in any script, digits, punctuation and symbols', () => {
		for (const s of ['سوال', 'کیا', 'a', '7', '?', '€']) expect(hasVisibleText(s), s).toBe(true);
	});
});

describe('UserText', () => {
	it('checks the length after cleaning: 300 zero-width spaces around two letters are two letters', () => {
		const schema = UserText(5, { min: 2 });
		expect(schema.parse(`${ZWSP.repeat(300)}ok${ZWSP.repeat(300)}`)).toBe('ok');
	});

	it('refuses text that is empty after cleaning, with one clear message', () => {
		const res = UserText(300).safeParse(ZWSP.repeat(50));
		expect(res.success).toBe(false);
		expect(res.error?.issues.map((i) => i.message)).toEqual([INVISIBLE_TEXT_MESSAGE]);
	});

	it('lets an optional field be empty but not invisible-only', () => {
		expect(UserText(80, { min: 0 }).parse(ZWSP)).toBe('');
		// Fillers are taken out like zero-width spaces; joiners alone (kept for the scripts that need them) are refused.
		expect(UserText(80, { min: 0 }).parse('\u3164\u3164')).toBe('');
		expect(UserText(80, { min: 0 }).safeParse(ZWJ + ZWNJ).success).toBe(false);
	});
});

describe('every user-text field of the protocol is cleaned', () => {
	const write = { clientId: 'w-12345678', eventId: 'isb26' };

	it('a question: overrides stripped, zero-width-only refused, control characters removed', () => {
		const ask = (text: string) => QuestionAsk.safeParse({ ...write, sessionId: 's1', text });
		expect(ask(`${RLO}Who funds the task force?`).data?.text).toBe('Who funds the task force?');
		expect(ask(ZWSP.repeat(20)).success).toBe(false);
		expect(ask('Who\u0007 pays?').data?.text).toBe('Who pays?');
	});

	it("a question's name, organisation and country", () => {
		const res = QuestionAsk.parse({
			...write,
			sessionId: 's1',
			text: 'Why?',
			name: `${RLO}Ayesha`,
			organisation: ZWSP,
			country: 'Pakistan\u0000'
		});
		expect([res.name, res.organisation, res.country]).toEqual(['Ayesha', null, 'Pakistan']);
	});

	it("a poll's question and choices, and a ballot's words and open text", () => {
		const def = PollDefinition.parse({
			type: 'single',
			question: `${RLO}Which first?`,
			options: [
				{ id: 'a', label: `A${ZWSP}` },
				{ id: 'b', label: 'B' }
			]
		});
		expect([def.question, def.options[0].label]).toEqual(['Which first?', 'A']);
		expect(BallotAnswer.safeParse({ words: [ZWSP] }).success).toBe(false);
		expect(BallotAnswer.safeParse({ text: `${RLO}${ZWSP}` }).success).toBe(false);
	});

	it('an announcement, a session and a staff label', () => {
		expect(AnnouncementPost.parse({ ...write, text: `Hall B${RLO}` }).text).toBe('Hall B');
		const fields = SessionFields.parse({
			title: `T${ZWSP}`,
			roomId: 'hall-a',
			startsAt: '2026-12-08T09:00:00+05:00',
			endsAt: '2026-12-08T10:00:00+05:00',
			description: `line 1\r\nline 2${RLO}`
		});
		expect([fields.title, fields.description]).toEqual(['T', 'line 1\nline 2']);
		expect(StaffMint.parse({ ...write, role: 'chair', label: `${RLO}Hall A` }).label).toBe('Hall A');
	});

	it("the host's fields: an organiser link's label and a new event's city", () => {
		expect(OrganiserMint.parse({ ...write, label: `\uD83D${RLO}Organiser${ZWSP}` }).label).toBe('Organiser');
		expect(OrganiserMint.parse({ ...write, label: ZWSP.repeat(4) }).label).toBe('');
		const event = EventCreate.safeParse({
			clientId: 'w-12345678',
			eventId: 'bru27',
			code: 'BRU27',
			title: 'Brussels follow-up',
			timezone: 'Europe/Brussels',
			city: `Brus\uD83D${RLO}sels${ZWSP}\t`,
			startsOn: '2027-03-01',
			endsOn: '2027-03-02',
			rooms: ['Main hall']
		});
		expect(event.success && event.data.city).toBe('Brussels');
	});
});

describe('a ballot refused for its answer says what in it is wrong', () => {
	const issues = (answer: unknown) => {
		const r = BallotAnswer.safeParse(answer);
		if (r.success) throw new Error('accepted');
		return issuesFromZod(r.error.issues);
	};

	it('names the word made only of invisible characters, not "Invalid input"', () => {
		expect(issues({ words: ['trust', `${ZWSP}${ZWJ}`] })).toEqual([
			{ path: 'words.1', message: INVISIBLE_TEXT_MESSAGE }
		]);
		expect(issues({ text: `${ZWSP}${RLO}` })).toEqual([{ path: 'text', message: INVISIBLE_TEXT_MESSAGE }]);
	});

	it('names the rating out of range', () => {
		expect(issues({ ratings: { 'legal-frameworks': 9 } })).toMatchObject([
			{ path: 'ratings.legal-frameworks', message: expect.stringMatching(/<=\s*5/) }
		]);
	});

	it('says only that the answer is not valid when it is of no shape a ballot takes, or of two', () => {
		expect(issues({ nope: 1 })).toEqual([{ path: '', message: 'Invalid input' }]);
		expect(issues({ choice: 'model-law', words: ['x'] })).toEqual([{ path: '', message: 'Invalid input' }]);
	});
});
