import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, lineOf, MAX_JSON_DEPTH, parseJsonLocated } from './json-locate';

function syntaxError(text: string): JsonSyntaxError {
	try {
		parseJsonLocated(text);
	} catch (e) {
		if (e instanceof JsonSyntaxError) return e;
		throw e;
	}
	throw new Error('parsed without an error');
}
const accepts = (parse: () => unknown) => {
	try {
		parse();
		return true;
	} catch {
		return false;
	}
};

describe('parseJsonLocated', () => {
	it('parses any JSON document to the same value as JSON.parse', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t'), (value, indent) => {
				const text = JSON.stringify(value, null, indent);
				expect(parseJsonLocated(text).value).toStrictEqual(JSON.parse(text));
			}),
			{ numRuns: 300 }
		);
	});

	it('accepts and refuses the same texts as JSON.parse when a document is damaged by one character', () => {
		const damage = fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '0', '-', ' ');
		fc.assert(
			fc.property(fc.jsonValue(), fc.nat(), damage, (value, at, ch) => {
				const text = JSON.stringify(value, null, 1) ?? 'null';
				const i = at % (text.length + 1);
				const damaged = text.slice(0, i) + ch + text.slice(i + (ch === '' ? 1 : 0));
				expect(accepts(() => parseJsonLocated(damaged))).toBe(accepts(() => JSON.parse(damaged)));
			}),
			{ numRuns: 1000 }
		);
	});

	it('keeps "__proto__" as an ordinary key, as JSON.parse does', () => {
		const { value } = parseJsonLocated('{"__proto__": {"id": "x"}}');
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.keys(value as object)).toEqual(['__proto__']);
	});

	it('reads a number longer than 64 characters', () => {
		const text = `[1${'0'.repeat(80)}]`;
		expect(parseJsonLocated(text).value).toEqual(JSON.parse(text));
	});

	it('records the line and column where each value starts, by path', () => {
		const { positions } = parseJsonLocated('{\n\t"rooms": [\n\t\t{ "id": "a" },\n\t\t{ "id": "b" }\n\t]\n}');
		expect(positions.get('')).toEqual({ line: 1, column: 1 });
		expect(positions.get('rooms')).toEqual({ line: 2, column: 11 });
		expect(positions.get('rooms.0')).toEqual({ line: 3, column: 3 });
		expect(positions.get('rooms.1.id')).toEqual({ line: 4, column: 11 });
	});

	it('counts lines the same with Windows line endings and after a byte-order mark', () => {
		const { positions } = parseJsonLocated('\ufeff{\r\n  "a": 1,\r\n  "b": 2\r\n}');
		expect(positions.get('b')).toEqual({ line: 3, column: 8 });
	});

	it.each([
		['a trailing comma in an array', '{\n  "a": [1, 2,]\n}', 2, 14, 'unexpected "]"'],
		['a missing colon', '{\n  "a": 1,\n  "b" 2\n}', 3, 7, 'expected ":" after "b", found "2"'],
		['a missing comma between properties', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"'],
		['a string broken by a newline', '{"a": "x\n"}', 1, 9, 'unterminated string'],
		['an unquoted key', '{\n  a: 1\n}', 2, 3, 'expected a property name in quotes, found "a"'],
		['text after the document', '{"a": 1} x', 1, 10, 'unexpected "x" after the end of the document'],
		['an empty file', '', 1, 1, 'unexpected end of file'],
		['a bad escape', '{"a": "\\q"}', 1, 7, 'invalid escape in string']
	])('names the line and column of %s', (_label, text, line, column, message) => {
		const err = syntaxError(text);
		expect({ line: err.line, column: err.column }).toEqual({ line, column });
		expect(err.message).toContain(message);
		expect(err.message).toMatch(new RegExp(`^line ${line}, column ${column}: `));
	});
});

describe('deep nesting', () => {
	it('reports a 20,000-deep array as a located problem at the bracket that goes too deep, not a stack overflow', () => {
		const err = syntaxError('['.repeat(20_000) + ']'.repeat(20_000));
		expect(err.message).toBe(
			`line 1, column ${MAX_JSON_DEPTH + 1}: nested deeper than ${MAX_JSON_DEPTH} levels`
		);
	});

	it('locates too-deep nesting inside a field on its own line', () => {
		const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
		const err = syntaxError(`{\n  "schema": "dais.event/1",\n  "event": ${deep}\n}`);
		// The file's own object is level 1, so the too-deep bracket is the 256th of the field's.
		expect({ line: err.line, column: err.column }).toEqual({
			line: 3,
			column: 12 + (MAX_JSON_DEPTH - 1) * 5
		});
	});

	it('parses nesting up to the limit to the same value as JSON.parse, objects and arrays mixed', () => {
		const half = MAX_JSON_DEPTH / 2;
		const text = '{"a":['.repeat(half) + '"x"' + ']}'.repeat(half);
		expect(parseJsonLocated(text).value).toStrictEqual(JSON.parse(text));
		const { positions } = parseJsonLocated(text);
		expect([positions.get('a'), positions.get('a.0'), positions.get('a.0.a')]).toEqual([
			{ line: 1, column: 6 },
			{ line: 1, column: 7 },
			{ line: 1, column: 12 }
		]);
	});
});

describe('lineOf', () => {
	const located = parseJsonLocated('{\n  "event": {\n    "id": "x"\n  }\n}');

	it('gives the position of a value that exists', () => {
		expect(lineOf(located, ['event', 'id'])).toEqual({ line: 3, column: 11 });
	});

	it('falls back to the nearest located parent for a missing field', () => {
		expect(lineOf(located, ['event', 'title'])).toEqual({ line: 2, column: 12 });
		expect(lineOf(located, ['rooms', 0, 'id'])).toEqual({ line: 1, column: 1 });
	});
});
