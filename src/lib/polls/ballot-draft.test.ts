import { describe, expect, it } from 'vitest';
import { readBallotDraft } from './ballot-draft';

const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const poll = (
	type: 'multiple' | 'rating' | 'ranking' | 'wordcloud' | 'open',
	maxChoices: number | null = null
) => ({
	type,
	options,
	maxChoices
});
const read = (v: unknown, p = poll('rating')) => readBallotDraft(JSON.stringify(v), p);

describe('a ballot draft taken back after a reload', () => {
	it('keeps a half-filled rating, typed text and words as they were', () => {
		expect(read({ ratings: { a: 4, c: 2 } })).toEqual({ ratings: { a: 4, c: 2 } });
		expect(read({ text: 'نظام الكفالة' }, poll('open'))).toEqual({ text: 'نظام الكفالة' });
		expect(read({ words: ['trust', '', ''] }, poll('wordcloud'))).toEqual({ words: ['trust', '', ''] });
		expect(read({ choices: ['b'] }, poll('multiple', 2))).toEqual({ choices: ['b'] });
		expect(read({ ranking: ['c', 'a', 'b'] }, poll('ranking'))).toEqual({ ranking: ['c', 'a', 'b'] });
	});

	it('drops what no longer fits the poll: removed items, ratings off the scale, a stale order, too many ticks', () => {
		expect(read({ ratings: { a: 4, gone: 3, b: 9, c: 2.5 } })).toEqual({ ratings: { a: 4 } });
		expect(read({ ratings: { gone: 3 } })).toBeNull();
		expect(read({ ranking: ['c', 'a'] }, poll('ranking'))).toBeNull();
		expect(read({ ranking: ['c', 'a', 'a'] }, poll('ranking'))).toBeNull();
		expect(read({ choices: ['a', 'b', 'c'] }, poll('multiple', 2))).toBeNull();
		expect(read({ choices: ['a', 'gone'] }, poll('multiple'))).toEqual({ choices: ['a'] });
		expect(read({ words: ['a', 'b', 'c', 'd'] }, poll('wordcloud'))).toBeNull();
	});

	it('ignores another poll type’s draft, blanks and anything unreadable', () => {
		expect(read({ text: 'hello' })).toBeNull();
		expect(read({ text: '   ' }, poll('open'))).toBeNull();
		expect(readBallotDraft('{not json', poll('open'))).toBeNull();
		expect(readBallotDraft(null, poll('open'))).toBeNull();
		expect(read(['text'], poll('open'))).toBeNull();
	});
});
