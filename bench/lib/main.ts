import { killAll } from './children';

/**
 * Runs a bench's body with a hard time limit: whatever happens, every child is killed and the process exits, so a
 * stuck run never leaves load generators or a hub behind.
 */
export function main(o: { name: string; maxMinutes: number }, body: () => Promise<void>) {
	const guard = setTimeout(() => {
		console.error(`\n${o.name}: stopped after the limit of ${o.maxMinutes} min`);
		killAll();
		process.exit(2);
	}, o.maxMinutes * 60_000);
	void body()
		.then(
			() => 0,
			(e: unknown) => {
				console.error(`\n${o.name} failed:`, e);
				return 1;
			}
		)
		.then((code) => {
			clearTimeout(guard);
			killAll();
			process.exit(code);
		});
}
