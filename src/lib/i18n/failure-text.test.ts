import { describe, expect, it } from 'vitest';
import { ackFailureSchema, rateLimited, ERROR_REASONS } from '$lib/protocol';
import { locales } from '$lib/paraglide/runtime';
import { importProblemText } from './failure-text-staff';
import { failureClause, failureText, issueText, reasonText } from './failure-text';

const closed = { error: 'conflict', message: 'the poll is closed', reason: 'poll-closed' };

describe('failureText: a refusal in the page language', () => {
	it('words a known reason in each language', () => {
		expect(failureText(closed, 'en')).toBe('This poll is closed; your answer was not counted.');
		expect(failureText(closed, 'fr')).toBe('Ce sondage est clos ; votre réponse n’a pas été comptée.');
		expect(failureText(closed, 'ar')).toBe('هذا الاستطلاع مغلق؛ لم تُحتسب إجابتك.');
		expect(failureText(closed, 'ur')).toBe('یہ پول بند ہو چکا ہے؛ آپ کا جواب شمار نہیں ہوا۔');
	});

	it('puts the params in: the wait in seconds, an event code isolated', () => {
		const wait = rateLimited('Too many requests: slow down for a second', 2400);
		if (wait.ok) throw new Error('expected a refusal');
		expect(failureText(wait, 'en')).toBe('Too many at once: try again in 3 s.');
		expect(failureText(wait, 'ar')).toBe('طلبات كثيرة في وقت واحد: أعد المحاولة بعد 3 ث.');
		const taken = { error: 'conflict', reason: 'code-taken', params: { code: 'ISB26' } };
		expect(failureText(taken, 'ur')).toContain('\u2068ISB26\u2069'); // A count the chair must fix, in each language.
		const most = { error: 'invalid-payload', reason: 'poll-max-choices', params: { max: 3 } };
		expect(failureText(most, 'en')).toBe(
			'Voters cannot pick more choices than the poll has: allow at most 3.'
		);
		for (const locale of ['fr', 'ar', 'ur'] as const) expect(failureText(most, locale)).toMatch(/3|٣|۳/);
	});

	it('falls back to the code’s text for an unknown reason (a newer hub)', () => {
		const newer = { error: 'not-found', message: 'no such widget', reason: 'widget-gone' };
		expect(reasonText(newer, 'ar')).toBeNull();
		// A reason named like something every object has is no reason either.
		expect(reasonText({ ...newer, reason: 'constructor' }, 'ur')).toBeNull();
		expect(failureText({ ...newer, reason: 'toString' }, 'fr')).toBe(failureText(newer, 'fr'));
		expect(failureText(newer, 'ar')).toBe('لم يعد هذا موجودًا؛ والصفحة تعرض أحدث حالة.');
		expect(failureText(newer, 'fr')).toBe('Cela n’existe plus ; la page montre l’état le plus récent.');
		expect(failureText({ error: 'brand-new-code', message: 'whatever' }, 'ur')).toContain('brand-new-code');
	});

	it('never shows the hub’s English message in ar, ur or fr, for every reason and every code', () => {
		const message = 'ENGLISH HUB SENTENCE';
		const cases = [
			...ERROR_REASONS.map((reason) => ({
				error: 'conflict',
				message,
				reason,
				params: { seconds: 2, code: 'X' }
			})),
			...['invalid-payload', 'forbidden', 'not-found', 'conflict', 'rate-limited', 'internal', 'timeout'].map(
				(error) => ({ error, message })
			)
		];
		for (const locale of locales.filter((l) => l !== 'en'))
			for (const f of cases) expect(failureText(f, locale)).not.toContain(message);
		// An English page may keep the hub's words when there is no reason to word.
		expect(failureText({ error: 'conflict', message }, 'en')).toBe(message);
	});

	it('words every reason differently from English in the other languages', () => {
		for (const reason of ERROR_REASONS) {
			const en = failureText({ error: 'conflict', reason, params: { seconds: 1, code: 'X' } }, 'en');
			for (const locale of ['fr', 'ar', 'ur'] as const)
				expect(
					failureText({ error: 'conflict', reason, params: { seconds: 1, code: 'X' } }, locale)
				).not.toBe(en);
		}
	});
});

describe('failureClause', () => {
	it('drops the closing full stop, for a sentence that ends its own', () => {
		expect(failureClause(closed, 'ar')).toBe('هذا الاستطلاع مغلق؛ لم تُحتسب إجابتك');
		expect(failureClause(closed, 'ur')).toBe('یہ پول بند ہو چکا ہے؛ آپ کا جواب شمار نہیں ہوا');
	});
});

describe('issueText: a zod issue without zod’s English', () => {
	const tooLong = { path: 'text', message: 'String must contain at most 500 character(s)' };
	it('names a known field in the language, with a general problem', () => {
		expect(issueText(tooLong, 'ar')).toBe('النص: لم تُقبل هذه القيمة.');
		expect(issueText(tooLong, 'fr')).toBe('Texte : cette valeur n’a pas été acceptée.');
		expect(issueText({ path: 'options.2.label', message: 'Required' }, 'ur')).toBe(
			'انتخاب: یہ قدر قبول نہیں کی گئی۔'
		);
	});
	it('says only that a value was refused for an unknown field', () => {
		expect(issueText({ path: 'zzz', message: 'Invalid input' }, 'ar')).toBe('لم تُقبل إحدى القيم.');
	});
	it('keeps the hub’s words on an English page', () => {
		expect(issueText(tooLong, 'en')).toBe('text: String must contain at most 500 character(s)');
	});
	it('says in every language that a text was made only of invisible characters, naming the field', () => {
		const invisible = { path: 'text', message: 'is empty or made only of invisible characters' };
		expect(issueText(invisible, 'fr')).toBe('Texte : vide, ou fait uniquement de caractères invisibles.');
		expect(issueText(invisible, 'en')).toBe('Text: empty, or made only of invisible characters.');
		expect(issueText({ ...invisible, path: 'zzz' }, 'ur')).toBe(
			'کوئی خانہ خالی ہے، یا صرف نظر نہ آنے والے حروف پر مشتمل ہے۔'
		);
	});
});

describe('importProblemText: what is wrong in an imported file, beside its line and field', () => {
	const duplicate = {
		line: 12,
		column: 10,
		path: 'sessions.3.id',
		message: 'duplicate id "opening"',
		reason: 'file-duplicate-id' as const,
		params: { id: 'opening' }
	};
	it('words a problem with a reason in each language, naming the file’s id isolated', () => {
		expect(importProblemText(duplicate, 'fr')).toBe(
			'L’identifiant \u2068"opening"\u2069 est utilisé deux fois : donnez à chacun son propre identifiant.'
		);
		for (const locale of ['ar', 'ur'] as const) {
			expect(importProblemText(duplicate, locale)).toContain('\u2068"opening"\u2069');
			expect(importProblemText(duplicate, locale)).not.toBe(importProblemText(duplicate, 'fr'));
		}
		const room = { ...duplicate, reason: 'file-unknown-room' as const, params: { id: 'hall-z' } };
		expect(importProblemText(room, 'ar')).toBe(
			'لا توجد قاعة بالمعرّف \u2068"hall-z"\u2069: أضفها إلى قاعات الملف أو صحّح المعرّف.'
		);
		const most = { ...duplicate, reason: 'poll-max-choices' as const, params: { max: 4 } };
		expect(importProblemText(most, 'fr')).toContain('4');
	});
	it('words a time without its offset with the example, and a session off the event’s days with both dates', () => {
		const noOffset = {
			...duplicate,
			path: 'sessions.3.startsAt',
			reason: 'file-time-no-offset' as const,
			params: { example: '"2026-12-09T10:00:00+05:00"' }
		};
		expect(importProblemText(noOffset, 'fr')).toBe(
			'Cette heure n’indique pas son décalage par rapport à UTC : ajoutez-le, par exemple \u2068"2026-12-09T10:00:00+05:00"\u2069 pour UTC+5, ou Z pour UTC.'
		);
		for (const locale of ['ar', 'ur'] as const)
			expect(importProblemText(noOffset, locale)).toContain('\u2068"2026-12-09T10:00:00+05:00"\u2069');
		const offDays = {
			...duplicate,
			path: 'sessions.15.startsAt',
			reason: 'file-session-off-days' as const,
			params: { id: 'wrongyear', day: '2025-12-09', first: '2026-12-08', last: '2026-12-09' }
		};
		expect(importProblemText(offDays, 'fr').replace(/[\u2066-\u2069]/g, '')).toBe(
			'La séance "wrongyear" commence le 9 déc. 2025, en dehors des jours de l’événement (8–9 déc. 2026) : vérifiez son année et son mois. Les téléphones l’afficheraient sur un jour à part.'
		);
		for (const locale of ['ar', 'ur'] as const)
			expect(importProblemText(offDays, locale)).toContain('\u2068"wrongyear"\u2069');
	});
	it('says what a field must be in each language, with the values it may take and where it is', () => {
		const kind = {
			line: 20,
			column: 12,
			path: 'sessions.1.kind',
			message: 'kind must be one of: plenary, working, break, side',
			reason: 'file-one-of' as const,
			params: { field: 'kind', values: 'plenary, working, break, side' }
		};
		expect(importProblemText(kind, 'fr')).toBe(
			'\u2068kind\u2069 doit valoir l’une de ces valeurs : \u2068plenary, working, break, side\u2069.'
		);
		for (const locale of ['ar', 'ur'] as const) {
			expect(importProblemText(kind, locale)).toContain('\u2068plenary, working, break, side\u2069');
			expect(importProblemText(kind, locale)).toContain('\u2068kind\u2069');
			expect(importProblemText(kind, locale)).not.toBe(importProblemText(kind, 'fr'));
		}
		const missing = {
			...kind,
			path: 'sessions',
			reason: 'file-missing' as const,
			params: { field: 'sessions' }
		};
		expect(importProblemText(missing, 'fr')).toBe('\u2068sessions\u2069 manque.');
		expect(importProblemText(missing, 'ur')).toBe('\u2068sessions\u2069 موجود نہیں ہے۔');
		// Zod's names of a type are worded; a whole file that is no object is "the file".
		const notObject = {
			...kind,
			path: '',
			reason: 'file-wrong-type' as const,
			params: { field: '', expected: 'object' }
		};
		expect(importProblemText(notObject, 'fr')).toBe('Le fichier doit être un objet entre accolades.');
		// A limit is named, formatted for the page.
		const long = { ...kind, reason: 'file-text-too-long' as const, params: { field: 'title', max: 200 } };
		expect(importProblemText(long, 'ar')).toContain('200');
		// No language falls back to "a value was not accepted" for a reason it words.
		for (const locale of ['fr', 'ar', 'ur'] as const)
			expect(importProblemText(kind, locale)).not.toBe(
				importProblemText({ ...kind, reason: undefined }, locale)
			);
	});
	it('keeps the parser’s words on an English page, and says only "not accepted" for a problem without a reason', () => {
		expect(importProblemText(duplicate, 'en')).toBe('duplicate id "opening"');
		const zone = { line: 8, column: 3, path: 'event.timezone', message: 'not a known IANA time zone' };
		expect(importProblemText(zone, 'ur')).toBe('ایک قدر قبول نہیں کی گئی۔');
	});
});

describe('ackFailureSchema', () => {
	it('accepts a refusal with a known reason and small params, and refuses an unknown reason', () => {
		expect(ackFailureSchema.safeParse({ ok: false, error: 'conflict', reason: 'poll-closed' }).success).toBe(
			true
		);
		expect(rateLimited('slow', 900)).toMatchObject({ reason: 'too-fast', params: { seconds: 1 } });
		expect(ackFailureSchema.safeParse(rateLimited('slow', 900)).success).toBe(true);
		expect(ackFailureSchema.safeParse({ ok: false, error: 'conflict', reason: 'made-up' }).success).toBe(
			false
		);
		expect(
			ackFailureSchema.safeParse({ ok: false, error: 'conflict', reason: 'code-taken', params: { code: {} } })
				.success
		).toBe(false);
	});
});

describe('a staff form’s own checks and the hub’s refusals of its fields', () => {
	it('shows a page’s own check in the page’s language, never "failed (local)"', () => {
		const own = { error: 'local', message: 'Donnez un titre à la session.' };
		for (const locale of locales) expect(failureText(own, locale)).toBe(own.message);
	});
	it('names the field of a session form the hub refused, in every language', () => {
		const speakers = { path: 'fields.speakers', message: 'Too big: expected array to have <=20 items' };
		expect(issueText(speakers, 'fr')).toBe('Intervenants : cette valeur n’a pas été acceptée.');
		expect(issueText(speakers, 'ar')).toBe('المتحدثون: لم تُقبل هذه القيمة.');
		expect(issueText({ path: 'fields.title', message: 'is empty' }, 'ur')).toBe(
			'عنوان: یہ قدر قبول نہیں کی گئی۔'
		);
		expect(issueText({ path: 'fields.speakers.3.name', message: 'too long' }, 'fr')).toContain(
			'Intervenants'
		);
	});
});
