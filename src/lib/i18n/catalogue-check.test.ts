import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCatalogue, type Catalogue } from './catalogue-check';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Catalogue;
const settings = read('project.inlang/settings.json') as { baseLocale: string; locales: string[] };
const base = read(`messages/${settings.baseLocale}.json`);

describe('every language in project.inlang/settings.json', () => {
	for (const locale of settings.locales) {
		it(`${locale}: has every message of ${settings.baseLocale}.json, same placeholders, every plural form ${locale} needs`, () => {
			expect(checkCatalogue(base, read(`messages/${locale}.json`), locale)).toEqual([]);
		});
	}
});

describe('the catalogue check', () => {
	const plural = (variants: Record<string, string>) => [
		{
			declarations: ['input count', 'local countPlural = count: plural', 'local countText = count: number'],
			selectors: ['countPlural'],
			match: variants
		}
	];
	const en: Catalogue = {
		$schema: 'x',
		hello: 'Hello {name}',
		votes: plural({ 'countPlural=one': '{countText} vote', 'countPlural=*': '{countText} votes' })
	};
	const arabicVotes = {
		'countPlural=zero': 'لا أصوات',
		'countPlural=one': 'صوت واحد',
		'countPlural=two': 'صوتان',
		'countPlural=few': '{countText} أصوات',
		'countPlural=many': '{countText} صوتًا',
		'countPlural=*': '{countText} صوت'
	};

	it('passes a complete translation', () => {
		expect(checkCatalogue(en, { hello: 'مرحبًا {name}', votes: plural(arabicVotes) }, 'ar')).toEqual([]);
	});

	it('reports a missing message and a stale one', () => {
		const problems = checkCatalogue(en, { votes: plural(arabicVotes), goodbye: 'وداعًا' }, 'ar');
		expect(problems).toContainEqual({ key: 'hello', problem: 'is missing' });
		expect(problems).toContainEqual({
			key: 'goodbye',
			problem: 'is not in the base catalogue (a stale key?)'
		});
	});

	it('reports a plural category the language needs and lacks (Arabic "few")', () => {
		const { 'countPlural=few': _few, ...rest } = arabicVotes;
		expect(checkCatalogue(en, { hello: 'مرحبًا {name}', votes: plural(rest) }, 'ar')).toEqual([
			{ key: 'votes', problem: 'has no "few" form for count' }
		]);
	});

	it('reports a translation that is not a plural where the base is one', () => {
		const problems = checkCatalogue(en, { hello: 'Bonjour {name}', votes: '{count} votes' }, 'fr');
		expect(problems).toEqual([{ key: 'votes', problem: 'does not choose a plural form for count' }]);
	});

	it('reports a French plural without its "many" form, and a category French does not have', () => {
		const problems = checkCatalogue(
			en,
			{
				hello: 'Bonjour {name}',
				votes: plural({
					'countPlural=one': '{countText} vote',
					'countPlural=few': '{countText} votes',
					'countPlural=*': '{countText} votes'
				})
			},
			'fr'
		);
		expect(problems).toEqual([
			{ key: 'votes', problem: 'has no "many" form for count' },
			{ key: 'votes', problem: 'has a "few" form, which fr does not use' }
		]);
	});

	it('reports a placeholder renamed, dropped or undeclared', () => {
		expect(checkCatalogue(en, { hello: 'Bonjour {nom}', votes: plural(arabicVotes) }, 'ar')).toEqual([
			{ key: 'hello', problem: 'shows placeholders {nom} where the base shows {name}' }
		]);
		expect(checkCatalogue(en, { hello: 'Bonjour', votes: plural(arabicVotes) }, 'ar')).toEqual([
			{ key: 'hello', problem: 'shows placeholders {} where the base shows {name}' }
		]);
		const undeclared = { ...arabicVotes, 'countPlural=*': '{total} صوت' };
		expect(checkCatalogue(en, { hello: 'مرحبًا {name}', votes: plural(undeclared) }, 'ar')).toContainEqual({
			key: 'votes',
			problem: 'shows {total}, which it does not declare'
		});
	});

	it('reports a count shown raw where the message formats it for the language', () => {
		const raw = { ...arabicVotes, 'countPlural=few': '{count} أصوات' };
		expect(checkCatalogue(en, { hello: 'مرحبًا {name}', votes: plural(raw) }, 'ar')).toEqual([
			{ key: 'votes', problem: 'shows {count} unformatted; show {countText}' }
		]);
	});

	it('reports an empty text', () => {
		expect(checkCatalogue(en, { hello: ' ', votes: plural(arabicVotes) }, 'ar')).toContainEqual({
			key: 'hello',
			problem: 'has an empty text'
		});
	});
});
