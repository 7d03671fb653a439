/**
 * Tiny flag parser: `--name value`, `--name=value` and bare `--flag` (true). `done(usage)`, called once every flag
 * has been read, prints the usage for `--help` and refuses a flag no one read (a typo, or `--help` itself, must not
 * start a ten-minute run with the defaults).
 */
export function parseFlags(argv = process.argv.slice(2)) {
	const flags = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const eq = a.indexOf('=');
		if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
		else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
		else flags.set(a.slice(2), true);
	}
	const read = new Set<string>();
	return {
		num(name: string, fallback: number): number {
			read.add(name);
			const v = flags.get(name);
			if (v === undefined) return fallback;
			const n = Number(v);
			if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got "${String(v)}"`);
			return n;
		},
		bool(name: string) {
			read.add(name);
			return flags.get(name) === true || flags.get(name) === 'true';
		},
		/** What to do with the flags given: `run`, or print `usage` and exit (0 for `--help`, 2 for an unknown flag). */
		done(usage: string, exit: (code: number) => never = (code) => process.exit(code)): void {
			if (flags.has('help')) {
				console.log(usage);
				exit(0);
			}
			const unknown = [...flags.keys()].filter((name) => !read.has(name));
			if (unknown.length) {
				console.error(
					`unknown flag${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `--${n}`).join(' ')}`
				);
				console.error(usage);
				exit(2);
			}
		}
	};
}
