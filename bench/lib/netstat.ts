import { readFileSync } from 'node:fs';

const FIELDS = ['ListenOverflows', 'ListenDrops', 'TCPSynRetrans'] as const;
export type TcpCounters = Record<(typeof FIELDS)[number], number>;

/**
 * The kernel's TCP counters for this network namespace (the hub and the load share loopback): accept-queue overflows
 * and SYN retransmissions show a connection herd outrunning the hub's listen backlog. Zeros where unreadable.
 */
export function tcpCounters(): TcpCounters {
	const out = Object.fromEntries(FIELDS.map((f) => [f, 0])) as TcpCounters;
	try {
		const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
		for (let i = 0; i + 1 < lines.length; i += 2) {
			if (!lines[i].startsWith('TcpExt:')) continue;
			const names = lines[i].split(/\s+/);
			const values = lines[i + 1].split(/\s+/);
			for (const f of FIELDS) {
				const k = names.indexOf(f);
				if (k > 0) out[f] = Number(values[k]);
			}
		}
	} catch {
		// Not Linux: the counters stay at zero.
	}
	return out;
}

export function tcpDelta(before: TcpCounters): TcpCounters {
	const now = tcpCounters();
	return Object.fromEntries(FIELDS.map((f) => [f, now[f] - before[f]])) as TcpCounters;
}
