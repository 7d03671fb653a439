import { foldWords } from '../../src/lib/text/fold';

/**
 * Word-cloud entries: one entry per phrase, folded so that "Trust", "trust " and "TRÚST" count together, in Latin,
 * Arabic and Urdu script alike. Stop-words alone never make an entry. The fold is only the key for counting: what the
 * room sees is the spelling people typed most often (see `Spellings`).
 */
const STOP = new Set([
	// English
	...'a an and are as at be by for from in is it of on or the to with we our they their this that'.split(' '),
	// French, Spanish
	...'le la les des du de et un une el los las y en'.split(' '),
	// Arabic
	...['في', 'من', 'على', 'إلى', 'الى', 'عن', 'و', 'أو', 'او', 'ان', 'أن', 'هذا', 'هذه', 'مع'],
	// Urdu
	...['کے', 'کی', 'کا', 'اور', 'میں', 'ہے', 'سے', 'کو', 'پر', 'یہ', 'وہ', 'ہیں', 'بھی']
]);

/** The key under which an entry is counted; null when nothing meaningful is left. */
export function normaliseEntry(raw: string): string | null {
	const words = foldWords(raw).filter((w) => !STOP.has(w));
	return words.length ? words.join(' ') : null;
}

/** An entry as typed, only trimmed and with runs of spaces made one: what the room sees. */
export const spellingOf = (raw: string) => raw.trim().replace(/\s+/gu, ' ');

/** The distinct entries of one ballot (a person cannot weight a word by typing it three times). */
export function ballotEntries(words: string[]): string[] {
	return ballotSpellings(words).map(([key]) => key);
}

/** The distinct entries of one ballot with the spelling each was first typed in on that ballot. */
export function ballotSpellings(words: string[]): [key: string, spelling: string][] {
	const out = new Map<string, string>();
	for (const w of words) {
		const key = normaliseEntry(w);
		if (key !== null && !out.has(key)) out.set(key, spellingOf(w));
	}
	return [...out];
}

/**
 * How often each spelling of each folded entry was typed. The label of an entry is its most frequent spelling; a tie
 * goes to the spelling seen first, so the label never flickers between equals as ballots come and go.
 */
export class Spellings {
	private seq = 0;
	private readonly byKey = new Map<string, Map<string, { count: number; seen: number }>>();

	bump(key: string, spelling: string, by: number) {
		let forms = this.byKey.get(key);
		if (!forms) this.byKey.set(key, (forms = new Map()));
		const f = forms.get(spelling);
		const count = (f?.count ?? 0) + by;
		if (count <= 0) forms.delete(spelling);
		else forms.set(spelling, { count, seen: f?.seen ?? this.seq++ });
		if (!forms.size) this.byKey.delete(key);
	}

	label(key: string): string {
		let best: { spelling: string; count: number; seen: number } | null = null;
		for (const [spelling, f] of this.byKey.get(key) ?? []) {
			if (!best || f.count > best.count || (f.count === best.count && f.seen < best.seen))
				best = { spelling, ...f };
		}
		return best?.spelling ?? key;
	}
}
