import {
	DEFAULT_MIN_BALLOTS,
	POLL_TYPES,
	type PollDefinition,
	type PollOption,
	type PollType,
	type PollView
} from '$lib/protocol';

export const MAX_CHOICES = 12;
export const LABEL_MAX = 120;
export const QUESTION_MIN = 3;
export const QUESTION_MAX = 200;
/** Where a new poll being written is kept in the tab, so a reload does not lose what the chair typed. */
export const NEW_POLL_KEPT = 'dais.poll-draft';

/** A choice id from its label: lowercase ASCII letters and digits joined by dashes ("Not sure!" -> "not-sure"). */
export function slugify(label: string): string {
	return label
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+/, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}

/**
 * Choices with ids made from their labels. Labels in scripts without ASCII letters get `choice-N`; clashes get a
 * suffix; `keep` maps a label to the id it already had, so editing a draft leaves unchanged choices alone.
 */
export function choicesFromLabels(labels: string[], keep: Record<string, string> = {}): PollOption[] {
	const used: string[] = [];
	return labels.map((label, i) => {
		const base = Object.hasOwn(keep, label) ? keep[label] : slugify(label) || `choice-${i + 1}`;
		let id = base;
		for (let n = 2; used.includes(id); n++) id = `${base}-${n}`;
		used.push(id);
		return { id, label };
	});
}

export type DraftProblem =
	'question' | 'choices-few' | 'choices-many' | 'choice-long' | 'max-choices' | 'min-ballots';

/** The chair's poll form: what was typed, and the definition it makes. */
export class PollDraft {
	type = $state<PollType>('single');
	question = $state('');
	/** One choice per line. */
	choices = $state('');
	/** Multiple choice: at most this many (empty = any number). */
	maxChoices = $state<number | null | undefined>(null);
	minBallots = $state<number | null | undefined>(DEFAULT_MIN_BALLOTS);
	/** Only verified attendees vote: one ballot per badge. */
	verifiedOnly = $state(false);
	readonly #initial: PollView | null;

	constructor(initial: PollView | null = null) {
		this.#initial = initial;
		this.reset();
	}

	reset() {
		const p = this.#initial;
		this.type = p?.type ?? 'single';
		this.question = p?.question ?? '';
		this.choices =
			p && (p.type === 'single' || p.type === 'multiple') ? p.options.map((o) => o.label).join('\n') : '';
		this.maxChoices = p?.maxChoices ?? null;
		this.minBallots = p?.minBallots ?? DEFAULT_MIN_BALLOTS;
		this.verifiedOnly = p?.verifiedOnly ?? false;
	}

	/** What was typed, to keep in the tab while it is being written (null when nothing was: an untouched form). */
	saved(): string | null {
		const blank = !this.question.trim() && !this.choices.trim();
		if (blank) return null;
		const { type, question, choices, maxChoices, minBallots, verifiedOnly } = this;
		return JSON.stringify({ type, question, choices, maxChoices, minBallots, verifiedOnly });
	}

	/** Takes back what `saved` kept; anything unreadable is left as it is. */
	restore(json: string | null) {
		if (!json) return;
		try {
			const v = JSON.parse(json) as Record<string, unknown>;
			const num = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) ? x : null);
			if ((POLL_TYPES as readonly unknown[]).includes(v.type)) this.type = v.type as PollType;
			if (typeof v.question === 'string') this.question = v.question;
			if (typeof v.choices === 'string') this.choices = v.choices;
			this.maxChoices = num(v.maxChoices);
			this.minBallots = num(v.minBallots) ?? DEFAULT_MIN_BALLOTS;
			this.verifiedOnly = v.verifiedOnly === true;
		} catch {
			// Not what this form wrote: start blank.
		}
	}

	get hasChoices() {
		return this.type === 'single' || this.type === 'multiple';
	}

	/** The typed lines, trimmed, blank and repeated lines dropped. */
	get labels(): string[] {
		const seen: string[] = [];
		return this.choices
			.split('\n')
			.map((l) => l.trim().replace(/\s+/g, ' '))
			.filter((l) => {
				const key = l.toLocaleLowerCase();
				if (!l || seen.includes(key)) return false;
				seen.push(key);
				return true;
			});
	}

	/** The first thing that stops this draft from being a valid poll, or null. */
	get problem(): DraftProblem | null {
		const q = this.question.trim();
		if (q.length < QUESTION_MIN || q.length > QUESTION_MAX) return 'question';
		if (this.hasChoices) {
			const labels = this.labels;
			if (labels.length < 2) return 'choices-few';
			if (labels.length > MAX_CHOICES) return 'choices-many';
			if (labels.some((l) => l.length > LABEL_MAX)) return 'choice-long';
			const max = this.maxChoices;
			if (
				this.type === 'multiple' &&
				max != null &&
				(!Number.isInteger(max) || max < 1 || max > labels.length)
			) {
				return 'max-choices';
			}
		}
		const min = this.minBallots;
		if (min != null && (!Number.isInteger(min) || min < 1 || min > 1000)) return 'min-ballots';
		return null;
	}

	definition(): PollDefinition {
		const p = this.#initial;
		let options: PollOption[] = [];
		if (this.hasChoices) {
			const keep = Object.fromEntries(p?.options.map((o) => [o.label, o.id]) ?? []);
			options = choicesFromLabels(this.labels, keep);
		} else if ((this.type === 'rating' || this.type === 'ranking') && p?.type === this.type) {
			// Editing keeps the items it had (an imported preset may rate its own); a new one rates the objectives.
			options = p.options;
		}
		return {
			type: this.type,
			question: this.question.trim(),
			options,
			maxChoices: this.type === 'multiple' && this.maxChoices ? this.maxChoices : null,
			minBallots: this.minBallots ?? DEFAULT_MIN_BALLOTS,
			verifiedOnly: this.verifiedOnly
		};
	}
}
