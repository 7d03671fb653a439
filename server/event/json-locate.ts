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

/** Deepest nesting of objects and arrays accepted: an event file needs six levels; more is a mistake or an attack. */
export const MAX_JSON_DEPTH = 256;

const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** An object or array being filled, with the path of the value it is and, for an object, the key being read. */
type Frame =
	| { kind: 'object'; value: Record<string, unknown>; path: string; key: string }
	| { kind: 'array'; value: unknown[]; path: string };

const child = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Parses iteratively (an explicit stack, not recursion), so no nesting can overflow the call stack; nesting deeper
 * than MAX_JSON_DEPTH is reported at the bracket that goes too deep.
 */
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

	/** Reads `"key":` inside an object, leaving the position at the start of its value. */
	const parseKey = (): string => {
		ws();
		if (text[i] !== '"') fail(`expected a property name in quotes, found ${describe(text[i])}`);
		const key = parseString();
		ws();
		if (text[i] !== ':') fail(`expected ":" after "${key}", found ${describe(text[i])}`);
		i++;
		return key;
	};

	const stack: Frame[] = [];

	if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1; // tolerate a byte-order mark
	let path = '';
	let root: unknown;
	for (;;) {
		// Read the start of a value at `path`: a scalar completes at once, a non-empty container opens a frame.
		ws();
		positions.set(path, here());
		const c = text[i];
		let value: unknown;
		let complete = true;
		if ((c === '{' || c === '[') && stack.length >= MAX_JSON_DEPTH)
			fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
		if (c === '{') {
			const obj: Record<string, unknown> = {};
			i++;
			ws();
			if (text[i] === '}') {
				i++;
				value = obj;
			} else {
				const frame: Frame = { kind: 'object', value: obj, path, key: parseKey() };
				stack.push(frame);
				path = child(path, frame.key);
				complete = false;
			}
		} else if (c === '[') {
			const arr: unknown[] = [];
			i++;
			ws();
			if (text[i] === ']') {
				i++;
				value = arr;
			} else {
				stack.push({ kind: 'array', value: arr, path });
				path = child(path, 0);
				complete = false;
			}
		} else if (c === '"') value = parseString();
		else {
			// Sticky, not a slice: a number may be longer than any fixed window.
			literal.lastIndex = i;
			const m = literal.exec(text);
			if (!m) return fail(`unexpected ${describe(c)}`);
			i += m[0].length;
			value = JSON.parse(m[0]) as unknown;
		}
		if (!complete) continue;

		// Hand the finished value to its container; close every container that this value completes.
		for (;;) {
			const top = stack.at(-1);
			if (!top) {
				root = value;
				break;
			}
			if (top.kind === 'array') {
				top.value.push(value);
				ws();
				if (text[i] === ',') {
					i++;
					path = child(top.path, top.value.length);
					break;
				}
				if (text[i] !== ']') fail(`expected "," or "]" after an array item, found ${describe(text[i])}`);
			} else {
				// Plain assignment would make "__proto__" the object's prototype; JSON.parse keeps it as a key.
				Object.defineProperty(top.value, top.key, {
					value,
					enumerable: true,
					writable: true,
					configurable: true
				});
				ws();
				if (text[i] === ',') {
					i++;
					top.key = parseKey();
					path = child(top.path, top.key);
					break;
				}
				if (text[i] !== '}') fail(`expected "," or "}" after a property value, found ${describe(text[i])}`);
			}
			i++;
			stack.pop();
			value = top.value;
		}
		if (stack.length === 0) break;
	}
	ws();
	if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);
	return { value: root, positions };
}

/** The line of the nearest located ancestor of a path (a missing field is reported at its parent object). */
export function lineOf(located: Located, path: readonly PropertyKey[]): { line: number; column: number } {
	for (let n = path.length; n >= 0; n--) {
		const p = located.positions.get(path.slice(0, n).map(String).join('.'));
		if (p) return p;
	}
	return { line: 1, column: 1 };
}
