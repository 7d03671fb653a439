/**
 * Compares a translation catalogue (messages/<locale>.json, inlang message format) with the English one: the checks
 * behind the "every message in every language" test. Pure functions over parsed JSON, so the test can also prove
 * that each check fails on a broken catalogue.
 */

/** One message with variants, as the inlang message format writes it. */
export interface VariantMessage {
	declarations: string[];
	selectors: string[];
	match: Record<string, string>;
}
export type Message = string | VariantMessage[];
export type Catalogue = Record<string, unknown>;

export interface Problem {
	key: string;
	problem: string;
}

const PLACEHOLDER = /\{\s*([A-Za-z_][\w]*)\s*\}/g;
const INPUT = /^input\s+(\w+)$/;
const LOCAL = /^local\s+(\w+)\s*=\s*(\w+)\s*:\s*(\w+)/;

function isVariantMessage(value: unknown): value is VariantMessage[] {
	return (
		Array.isArray(value) &&
		value.length > 0 &&
		value.every(
			(v) =>
				typeof v === 'object' &&
				v !== null &&
				Array.isArray((v as VariantMessage).declarations) &&
				Array.isArray((v as VariantMessage).selectors) &&
				typeof (v as VariantMessage).match === 'object'
		)
	);
}

/** Every text a message can show (one for a plain message, one per variant otherwise). */
function texts(message: Message): string[] {
	return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

/** The locals a message declares, each with the input it is made from and the function ("plural", "number"). */
function locals(message: Message): Map<string, { input: string; fn: string }> {
	const out = new Map<string, { input: string; fn: string }>();
	if (typeof message === 'string') return out;
	for (const v of message) {
		for (const d of v.declarations) {
			const l = LOCAL.exec(d);
			if (l) out.set(l[1], { input: l[2], fn: l[3] });
		}
	}
	return out;
}

/**
 * The inputs a message's texts show, with each local read back to its input ("{countText}" shows `count`): the
 * placeholders a translation must keep.
 */
export function placeholders(message: Message): Set<string> {
	const local = locals(message);
	const names = new Set<string>();
	for (const t of texts(message)) {
		for (const [, name] of t.matchAll(PLACEHOLDER)) names.add(local.get(name)?.input ?? name);
	}
	return names;
}

/** The inputs a message selects a plural form on (`local countPlural = count: plural` → "count"). */
export function pluralInputs(message: Message): Set<string> {
	const local = locals(message);
	const out = new Set<string>();
	if (typeof message === 'string') return out;
	for (const v of message) {
		for (const s of v.selectors) {
			const l = local.get(s);
			if (l?.fn === 'plural') out.add(l.input);
		}
	}
	return out;
}

/**
 * Problems in the texts of a message themselves: empty texts, placeholders neither input nor local, and a count shown
 * raw where the message formats it for the language ("{count}" where "{countText}" is declared).
 */
function ownProblems(key: string, message: Message): Problem[] {
	const problems: Problem[] = [];
	if (texts(message).some((t) => t.trim() === '')) problems.push({ key, problem: 'has an empty text' });
	const formatted = new Map(
		[...locals(message)].filter(([, l]) => l.fn === 'number').map(([name, l]) => [l.input, name])
	);
	for (const t of texts(message)) {
		for (const [, name] of t.matchAll(PLACEHOLDER)) {
			const better = formatted.get(name);
			if (better) problems.push({ key, problem: `shows {${name}} unformatted; show {${better}}` });
		}
	}
	if (typeof message !== 'string') {
		const declared = new Set<string>();
		for (const v of message) {
			for (const d of v.declarations) {
				const name = INPUT.exec(d)?.[1] ?? LOCAL.exec(d)?.[1];
				if (name) declared.add(name);
			}
		}
		for (const t of texts(message)) {
			for (const [, name] of t.matchAll(PLACEHOLDER)) {
				if (!declared.has(name))
					problems.push({ key, problem: `shows {${name}}, which it does not declare` });
			}
		}
	}
	return problems;
}

/**
 * What is wrong with `catalogue` (the messages of `locale`) measured against the base catalogue: missing or extra
 * keys, placeholders that differ, and plural messages that do not select on the same inputs or lack a variant for a
 * plural category the locale has (CLDR, via Intl.PluralRules: Arabic needs zero, one, two, few, many and other).
 */
export function checkCatalogue(base: Catalogue, catalogue: Catalogue, locale: string): Problem[] {
	const problems: Problem[] = [];
	const keys = (c: Catalogue) => Object.keys(c).filter((k) => !k.startsWith('$'));
	const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];

	for (const key of keys(catalogue)) {
		if (!(key in base)) problems.push({ key, problem: 'is not in the base catalogue (a stale key?)' });
	}
	for (const key of keys(base)) {
		const want = base[key];
		const got = catalogue[key];
		if (got === undefined) {
			problems.push({ key, problem: 'is missing' });
			continue;
		}
		if (typeof got !== 'string' && !isVariantMessage(got)) {
			problems.push({ key, problem: 'is neither a text nor a list of variants' });
			continue;
		}
		if (typeof want !== 'string' && !isVariantMessage(want)) continue;
		problems.push(...ownProblems(key, got));

		const expected = [...placeholders(want)].sort().join(', ');
		const actual = [...placeholders(got)].sort().join(', ');
		if (expected !== actual) {
			problems.push({ key, problem: `shows placeholders {${actual}} where the base shows {${expected}}` });
		}

		for (const input of pluralInputs(want)) {
			if (!pluralInputs(got).has(input)) {
				problems.push({ key, problem: `does not choose a plural form for ${input}` });
				continue;
			}
			const local = [...locals(got)].find(([, l]) => l.input === input && l.fn === 'plural')![0];
			const present = new Set(
				(got as VariantMessage[]).flatMap((v) =>
					Object.keys(v.match)
						.map((k) => Object.fromEntries(k.split(',').map((part) => part.split('=').map((s) => s.trim()))))
						.map((sel: Record<string, string>) => sel[local])
						.filter(Boolean)
						.map((c) => (c === '*' ? 'other' : c))
				)
			);
			for (const c of categories) {
				if (!present.has(c)) problems.push({ key, problem: `has no "${c}" form for ${input}` });
			}
			for (const c of present) {
				if (!categories.includes(c) && !/^\d+$/.test(c)) {
					problems.push({ key, problem: `has a "${c}" form, which ${locale} does not use` });
				}
			}
		}
	}
	return problems;
}
