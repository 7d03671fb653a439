import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translate } from './postgres';

// Pieces of SQL text in which no parameter may be found: quoted strings and identifiers (with doubled quotes),
// line and block comments (nested), and plain text with no quote, comment or parameter character.
const inside = fc.string({ unit: fc.constantFrom('a', ' ', '?', '@', '@x', '-', '*', '/', '$', 'é', '\n') });
const literal = inside.map((s) => `'${s.replaceAll('\n', "''")}'`);
const identifier = inside.map((s) => `"${s.replaceAll('\n', '""')}"`);
const lineComment = inside.map((s) => `--${s.replaceAll('\n', ' ')}\n`);
const noStars = inside.map((s) => s.replace(/[/*]/g, ''));
const blockComment = fc.tuple(noStars, noStars).map(([a, b]) => `/*${a} /* ${b} */ */`);
const plain = fc.string({ unit: fc.constantFrom('S', 'x', '1', ' ', '(', ')', ',', '=', '.', ':', '\n') });
const quiet = fc.oneof(literal, identifier, lineComment, blockComment, plain);

describe('translate (? and @name to $n)', () => {
	it('numbers ? in order and leaves quoted text and comments alone', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(quiet, fc.constant(null)), { maxLength: 30 }), (parts) => {
				let k = 0;
				const source = parts.map((p) => p ?? '? ').join('');
				const expected = parts.map((p) => p ?? `$${++k} `).join('');
				const t = translate(source);
				expect(t.text).toBe(expected);
				expect(t.positional).toBe(k);
				expect(t.names).toBeNull();
			})
		);
	});

	it('gives each @name one number, by first appearance, wherever it is used again', () => {
		const name = fc.constantFrom('a', 'b', 'event_id', 'n2');
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						quiet,
						name.map((n) => ({ n }))
					),
					{ maxLength: 30 }
				),
				(parts) => {
					const order: string[] = [];
					const expected = parts
						.map((p) => {
							if (typeof p === 'string') return p;
							if (!order.includes(p.n)) order.push(p.n);
							return `$${order.indexOf(p.n) + 1} `;
						})
						.join('');
					const t = translate(parts.map((p) => (typeof p === 'string' ? p : `@${p.n} `)).join(''));
					expect(t.text).toBe(expected);
					expect(t.names).toEqual(order.length ? order : null);
					expect(t.positional).toBe(0);
				}
			)
		);
	});

	it('translates a store’s statement as PostgreSQL expects it', () => {
		expect(
			translate(
				"SELECT id, 'it''s ?' AS note FROM questions -- by @session\nWHERE event_id = @event AND session_id = @session AND text <> @event"
			)
		).toEqual({
			text: "SELECT id, 'it''s ?' AS note FROM questions -- by @session\nWHERE event_id = $1 AND session_id = $2 AND text <> $1",
			names: ['event', 'session'],
			positional: 0
		});
		expect(translate('SELECT x::text, ? FROM t WHERE a = ?').text).toBe(
			'SELECT x::text, $1 FROM t WHERE a = $2'
		);
	});

	it('refuses a statement that mixes ? and @name', () => {
		expect(() => translate('SELECT ? WHERE a = @a')).toThrow(/either/);
	});
});
