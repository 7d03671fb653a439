import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Each phone downloads its own language only. Paraglide compiles every message with all four languages in it, so
 * the attendee page carried four copies of each text. In the browser build this plugin keeps the base language (English)
 * in each message and moves the others into packs per language and area, which `src/lib/i18n/packs.svelte.ts`
 * loads before the page hydrates: the attendee layouts', each attendee page's, and the rest (staff pages).
 * Messages that some page shows in a language other than its own (`m.x({}, { locale })`: the language switcher, the
 * hall screen's second language) stay whole. The server render, `npm run dev` and the tests use Paraglide's output
 * untouched.
 */
const LOCALES = ['fr', 'ur', 'ar'] as const;
const BASE = 'en';
const VIRTUAL = 'virtual:dais-message-packs';
const PACK = 'virtual:dais-message-pack/';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const MESSAGES = join(SRC, 'lib/paraglide/messages');
const PACKS_MODULE = join(SRC, 'lib/i18n/packs.svelte.ts');

/**
 * The attendee pages, by the files that start them: the layouts (with the error page and the offline shell) are their
 * own pack, loaded with every page; each page's pack holds what it shows beyond the layouts.
 */
const ATTENDEE_AREAS: Record<string, string[]> = {
	layout: [
		'routes/+layout.svelte',
		'routes/+layout.ts',
		'routes/+error.svelte',
		'routes/app-shell',
		'routes/e/[code]/+layout.svelte',
		'routes/e/[code]/+layout.ts'
	],
	'/e/[code]': ['routes/e/[code]/+page.svelte'],
	'/e/[code]/s/[sessionId]': ['routes/e/[code]/s/[sessionId]/+page.svelte'],
	'/e/[code]/my': ['routes/e/[code]/my/+page.svelte']
};
/** Every other page (staff consoles, the hall screen, sign-in) loads every pack. */
const AREAS = [...Object.keys(ATTENDEE_AREAS), 'staff'];

const files = (path: string): string[] =>
	statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => files(join(path, f))) : [path];

function resolveImport(from: string, spec: string): string | null {
	const base = spec.startsWith('$lib/')
		? join(SRC, 'lib', spec.slice(5))
		: spec.startsWith('.')
			? resolve(dirname(from), spec)
			: null;
	if (!base || base.startsWith(join(SRC, 'lib/paraglide'))) return null;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')])
		if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
	return null;
}

/** Every message the code reachable from these files names, following its imports (static and dynamic). */
function messagesFrom(entries: string[]): Set<string> {
	const seen = new Set<string>();
	const queue = entries.flatMap((e) => files(join(SRC, e))).filter((f) => /\.(svelte|ts|js)$/.test(f));
	const names = new Set<string>();
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const code = readFileSync(file, 'utf8');
		// `m.x` as prettier may write it too: `m\n\t.x(…)` across lines.
		for (const [, name] of code.matchAll(/\bm\s*\.\s*(\w+)/g)) names.add(name);
		for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
			const next = resolveImport(file, spec);
			if (next) queue.push(next);
		}
	}
	return names;
}

/** Each area's messages (of those packed): the layouts', each attendee page's beyond them, and the rest. */
function areaMessages(all: string[]): Map<string, Set<string>> {
	const packed = new Set(all);
	const layout = new Set([...messagesFrom(ATTENDEE_AREAS.layout)].filter((m) => packed.has(m)));
	const areas = new Map<string, Set<string>>([['layout', layout]]);
	for (const [area, entries] of Object.entries(ATTENDEE_AREAS).slice(1))
		areas.set(area, new Set([...messagesFrom(entries)].filter((m) => packed.has(m) && !layout.has(m))));
	const attendee = new Set([...areas.values()].flatMap((s) => [...s]));
	areas.set('staff', new Set(all.filter((m) => !attendee.has(m))));
	return areas;
}

/** Messages some page calls with an explicit locale: they must answer in every language without a pack. */
function wholeMessages(): Set<string> {
	const names = new Set<string>();
	for (const file of files(SRC).filter((f) => /\.(svelte|ts)$/.test(f) && !f.startsWith(MESSAGES)))
		for (const [, name] of readFileSync(file, 'utf8').matchAll(
			/\bm\s*\.\s*(\w+)\((?:[^()]|\([^()]*\))*?,\s*\{\s*locale\b/g
		))
			names.add(name);
	return names;
}

/** One language's function out of a compiled message module (`const fr_x = … };`). */
function variant(code: string, locale: string, id: string): string {
	const start = code.indexOf(`const ${locale}_${id} =`);
	const end = code.indexOf('\n};', start);
	if (start < 0 || end < 0) throw new Error(`locale-packs: no ${locale} variant in message ${id}`);
	return code.slice(start, end + 3);
}

export function localePacks(): Plugin {
	let browserBuild = false;
	let areas = new Map<string, Set<string>>();
	let whole = new Set<string>();
	const split = (id: string) => !whole.has(id);
	return {
		name: 'dais-locale-packs',
		enforce: 'pre',
		configResolved(config) {
			browserBuild = config.command === 'build';
		},
		buildStart() {
			whole = wholeMessages();
			const all = readdirSync(MESSAGES)
				.filter((f) => f.endsWith('.js') && f !== '_index.js')
				.map((f) => f.replace(/\.js$/, ''));
			areas = areaMessages(all.filter(split));
		},
		resolveId(id) {
			if (id === VIRTUAL || id.startsWith(PACK)) return `\0${id}`;
		},
		load(id) {
			if (id === `\0${VIRTUAL}`) {
				if (!browserBuild || this.environment.name !== 'client') return 'export const packs = {};';
				const entries = LOCALES.map(
					(l) =>
						`${l}: { ${AREAS.map((a, i) => `${JSON.stringify(a)}: () => import('${PACK}${l}/${i}')`).join(', ')} }`
				);
				return `export const packs = { ${entries.join(', ')} };`;
			}
			if (!id.startsWith(`\0${PACK}`)) return;
			const [locale, area] = id.slice(PACK.length + 1).split('/');
			const ids = [...areas.get(AREAS[Number(area)])!];
			const bodies = ids.map((m) =>
				variant(readFileSync(join(MESSAGES, `${m}.js`), 'utf8'), locale, m).replace(
					`const ${locale}_${m} =`,
					`const ${m} =`
				)
			);
			return [
				`import * as registry from ${JSON.stringify(join(SRC, 'lib/paraglide/registry.js'))};`,
				...bodies,
				`export default { ${ids.join(', ')} };`
			].join('\n');
		},
		transform(code, id) {
			if (!browserBuild || this.environment.name !== 'client') return;
			const file = id.split('?')[0];
			if (dirname(file) !== MESSAGES) return;
			const name = file.slice(MESSAGES.length + 1).replace(/\.js$/, '');
			if (name === '_index' || !split(name)) return;
			let out = code;
			for (const l of LOCALES) out = out.replace(variant(code, l, name), '');
			const exported = out.indexOf(`export const ${name} =`);
			if (exported < 0 || out.slice(0, exported).includes(`${LOCALES[0]}_${name}`))
				throw new Error(`locale-packs: message ${name} is not in the shape Paraglide compiles`);
			return {
				code: `import { message } from ${JSON.stringify(PACKS_MODULE)};\n${out.slice(0, exported)}export const ${name} = /* @__PURE__ */ message(${JSON.stringify(name)}, ${BASE}_${name});\n`,
				map: null
			};
		}
	};
}
