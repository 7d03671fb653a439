// The lengths the attendee's forms count down to, apart from the schemas that enforce them: a page that only counts
// characters loads these few numbers, not zod and every schema (the hub validates every payload anyway).

export const QUESTION_MIN = 2;
export const QUESTION_MAX = 300;

export const WORDS_PER_BALLOT = 3;
export const WORD_MAX = 40;
export const OPEN_TEXT_MAX = 500;
