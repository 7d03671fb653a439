/** Tiny flag parser: `--name value`, `--name=value` and bare `--flag` (true). */
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
	return {
		num(name: string, fallback: number): number {
			const v = flags.get(name);
			if (v === undefined) return fallback;
			const n = Number(v);
			if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got "${String(v)}"`);
			return n;
		},
		bool: (name: string) => flags.get(name) === true || flags.get(name) === 'true',
		has: (name: string) => flags.has(name)
	};
}
