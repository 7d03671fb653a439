import type { PollType } from '$lib/protocol';
import { WORDS_PER_BALLOT } from '$lib/protocol/text-limits';

/**
 * A ballot being filled in on a phone (ticks, ratings, an order, words or text), kept in the tab until it is sent, so
 * a reload on the venue's Wi-Fi does not lose what was typed or half rated. Only what fits the poll as it now stands
 * is taken back: an item the chair removed, a rating off the scale or a stale order is dropped, never sent.
 */
export interface BallotDraft {
	choices?: string[];
	ratings?: Record<string, number>;
	ranking?: string[];
	words?: string[];
	text?: string;
}

export const ballotDraftKey = (pollId: string) => `dais.ballot.${pollId}`;

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The draft stored for a poll of this type and these options, as far as it still fits; null for nothing usable. */
export function readBallotDraft(
	raw: string | null,
	poll: { type: PollType; options: { id: string }[]; maxChoices: number | null }
): BallotDraft | null {
	if (!raw) return null;
	let v: unknown;
	try {
		v = JSON.parse(raw);
	} catch {
		return null;
	}
	if (!v || typeof v !== 'object') return null;
	const d = v as Record<string, unknown>;
	const ids = new Set(poll.options.map((o) => o.id));
	switch (poll.type) {
		case 'multiple': {
			if (!strings(d.choices)) return null;
			const choices = [...new Set(d.choices.filter((c) => ids.has(c)))];
			if (poll.maxChoices !== null && choices.length > poll.maxChoices) return null;
			return choices.length ? { choices } : null;
		}
		case 'rating': {
			if (!d.ratings || typeof d.ratings !== 'object') return null;
			const ratings = Object.fromEntries(
				Object.entries(d.ratings as Record<string, unknown>).filter(
					([id, n]) => ids.has(id) && Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5
				)
			) as Record<string, number>;
			return Object.keys(ratings).length ? { ratings } : null;
		}
		case 'ranking': {
			if (!strings(d.ranking)) return null;
			const same = d.ranking.length === ids.size && new Set(d.ranking).size === ids.size;
			return same && d.ranking.every((id) => ids.has(id)) ? { ranking: d.ranking } : null;
		}
		case 'wordcloud': {
			if (!strings(d.words) || d.words.length > WORDS_PER_BALLOT) return null;
			return d.words.some((w) => w.trim()) ? { words: d.words } : null;
		}
		case 'open':
			return typeof d.text === 'string' && d.text.trim() ? { text: d.text } : null;
		default:
			return null;
	}
}
