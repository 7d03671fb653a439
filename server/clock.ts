export interface Clock {
	now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at a chosen instant and then runs in real time (for rehearsals and browser tests). */
export function clockFrom(start: Date): Clock {
	const offset = start.getTime() - Date.now();
	return { now: () => new Date(Date.now() + offset) };
}

/** A rehearsal clock that can also be moved to another instant while the hub runs (then runs on from there). */
export function rehearsalClock(start: Date): Clock & { set(at: Date): void } {
	let offset = start.getTime() - Date.now();
	return {
		now: () => new Date(Date.now() + offset),
		set: (at) => void (offset = at.getTime() - Date.now())
	};
}
