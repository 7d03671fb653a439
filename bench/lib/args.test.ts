import { describe, expect, it } from 'vitest';
import { parseFlags } from './args';

/** `done` with an exit that throws, so a test sees the code instead of the process ending. */
class Exit extends Error {
	constructor(readonly code: number) {
		super(`exit ${code}`);
	}
}
const exit = (code: number): never => {
	throw new Exit(code);
};
const quietly = <T>(fn: () => T) => {
	const log = console.log;
	const error = console.error;
	console.log = console.error = () => {};
	try {
		return fn();
	} finally {
		console.log = log;
		console.error = error;
	}
};

describe('bench flags', () => {
	it('reads numbers and switches in both spellings', () => {
		const flags = parseFlags(['--rounds', '5', '--join-rate=200', '--cpu-prof']);
		expect(flags.num('rounds', 3)).toBe(5);
		expect(flags.num('join-rate', 500)).toBe(200);
		expect(flags.bool('cpu-prof')).toBe(true);
		expect(flags.num('attendees', 10_000)).toBe(10_000);
		expect(() => flags.done('usage', exit)).not.toThrow();
	});

	it('refuses a flag no one read, and prints the usage for --help, instead of running with the defaults', () => {
		const typo = parseFlags(['--rouns', '2']);
		typo.num('rounds', 3);
		expect(() => quietly(() => typo.done('usage', exit))).toThrow(expect.objectContaining({ code: 2 }));
		const help = parseFlags(['--help']);
		help.num('rounds', 3);
		expect(() => quietly(() => help.done('usage', exit))).toThrow(expect.objectContaining({ code: 0 }));
	});

	it('refuses a value that is not a number', () => {
		expect(() => parseFlags(['--rounds', 'five']).num('rounds', 3)).toThrow(/--rounds must be a number/);
	});
});
