/**
 * A strict JSON parser that remembers where each value starts, so an import error can name the line of the
 * offending field rather than just the path. JSON.parse gives neither line numbers nor positions of values.
 */
export interface Located {
	value: unknown;
	/** Path ("sessions.3.startsAt") -> 1-based line and column where that value starts. */
	positions: Map<string, { line: number; column: number }>;
}

export class JsonSyntaxError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly column: number
	) {
		super(`line ${line}, column ${column}: ${message}`);
	}
}

const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export function parseJsonLocated(text: string): Located {
	const positions = new Map<string, { line: number; column: number }>();
	let i = 0;
	let line = 1;
	let lineStart = 0;

	const here = () => ({ line, column: i - lineStart + 1 });
	const fail = (msg: string): never => {
		const p = here();
		throw new JsonSyntaxError(msg, p.line, p.column);
	};
	const ws = () => {
		for (;;) {
			const c = text[i];
			if (c === '\n') {
				i++;
				line++;
				lineStart = i;
			} else if (c === ' ' || c === '\t' || c === '\r') i++;
			else break;
		}
	};
	const describe = (c: string | undefined) => (c === undefined ? 'end of file' : JSON.stringify(c));

	const parseString = (): string => {
		const start = i;
		i++; // opening quote
		for (;;) {
			const c = text[i];
			if (c === undefined || c === '\n') fail('unterminated string');
			if (c === '"') break;
			if (c === '\\') i++;
			i++;
		}
		i++;
		try {
			return JSON.parse(text.slice(start, i)) as string;
		} catch {
			i = start;
			return fail('invalid escape in string');
		}
	};

	const parseValue = (path: string): unknown => {
		ws();
		positions.set(path, here());
		const c = text[i];
		if (c === '{') {
			i++;
			const obj: Record<string, unknown> = {};
			ws();
			if (text[i] === '}') {
				i++;
				return obj;
			}
			for (;;) {
				ws();
				if (text[i] !== '"') fail(`expected a property name in quotes, found ${describe(text[i])}`);
				const key = parseString();
				ws();
				if (text[i] !== ':') fail(`expected ":" after "${key}", found ${describe(text[i])}`);
				i++;
				// Plain assignment would make "__proto__" the object's prototype; JSON.parse keeps it as a key.
				Object.defineProperty(obj, key, {
					value: parseValue(path ? `${path}.${key}` : key),
					enumerable: true,
					writable: true,
					configurable: true
				});
				ws();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === '}') {
					i++;
					return obj;
				}
				fail(`expected "," or "}" after a property value, found ${describe(text[i])}`);
			}
		}
		if (c === '[') {
			i++;
			const arr: unknown[] = [];
			ws();
			if (text[i] === ']') {
				i++;
				return arr;
			}
			for (;;) {
				arr.push(parseValue(path ? `${path}.${arr.length}` : String(arr.length)));
				ws();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === ']') {
					i++;
					return arr;
				}
				fail(`expected "," or "]" after an array item, found ${describe(text[i])}`);
			}
		}
		if (c === '"') return parseString();
		// Sticky, not a slice: a number may be longer than any fixed window.
		literal.lastIndex = i;
		const m = literal.exec(text);
		if (!m) return fail(`unexpected ${describe(c)}`);
		i += m[0].length;
		return JSON.parse(m[0]) as unknown;
	};

	if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1; // tolerate a byte-order mark
	const value = parseValue('');
	ws();
	if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);
	return { value, positions };
}

/** The line of the nearest located ancestor of a path (a missing field is reported at its parent object). */
export function lineOf(located: Located, path: readonly PropertyKey[]): { line: number; column: number } {
	for (let n = path.length; n >= 0; n--) {
		const p = located.positions.get(path.slice(0, n).map(String).join('.'));
		if (p) return p;
	}
	return { line: 1, column: 1 };
}
