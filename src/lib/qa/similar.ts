/** Words that say nothing about what a question is about (English; other scripts pass through untouched). */
const STOP = new Set(
	'a an the and or but of to in on at for with by from as is are was were be been being do does did how what when where which who whom why will would can could should shall may might must this that these those it its we our you your they their there here about into over than then so not no any all some more most such very just also i me my'.split(
		' '
	)
);

/** Lowercased words without accents or punctuation, minus stop-words: the basis for "is this the same question?". */
export function keywords(text: string): Set<string> {
	const words = text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 2 && !STOP.has(w));
	return new Set(words);
}

/** Published questions that share enough keywords with a draft, best first. */
export function similarQuestions<T extends { text: string }>(draft: string, questions: T[], limit = 3): T[] {
	const mine = keywords(draft);
	if (mine.size < 2) return [];
	return questions
		.map((q) => {
			const theirs = keywords(q.text);
			let shared = 0;
			for (const w of mine) if (theirs.has(w)) shared++;
			return { q, score: shared / Math.min(mine.size, theirs.size || 1), shared };
		})
		.filter((x) => x.shared >= 2 && x.score >= 0.4)
		.sort((a, b) => b.score - a.score)
		.slice(0, limit)
		.map((x) => x.q);
}
