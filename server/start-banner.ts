import type { NetworkInterfaceInfo } from 'node:os';

/** The addresses phones on the venue network can reach this machine at: non-internal IPv4 first, then IPv6. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
	const all = Object.values(interfaces).flatMap((list) => list ?? []);
	const usable = all.filter((i) => !i.internal && !(i.family === 'IPv6' && i.address.startsWith('fe80:')));
	return [
		...usable.filter((i) => i.family === 'IPv4').map((i) => i.address),
		...usable.filter((i) => i.family === 'IPv6').map((i) => `[${i.address}]`)
	];
}

/**
 * What the start prints about addresses: where this hub runs, the LAN address(es) phones can use, and what
 * PUBLIC_URL does (join links and the hall screen's QR code point at it; without it they point wherever the screen
 * page was opened, which a phone cannot reach if that was localhost).
 */
export function addressLines(opts: {
	port: number;
	publicUrl: string | null;
	interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): string[] {
	const lan = lanAddresses(opts.interfaces).map((a) => `http://${a}:${opts.port}`);
	const lines = [`Dais is running at http://localhost:${opts.port}`];
	if (opts.publicUrl) {
		lines.push(`Join links and hall-screen QR codes point at PUBLIC_URL: ${opts.publicUrl}`);
		return lines;
	}
	if (lan.length) {
		lines.push(`Phones on this network can reach it at: ${lan.join('  ')}`);
		lines.push(
			`Join links and hall-screen QR codes point at the address a page was opened with: open the hall screens by`,
			`one of those addresses, or start with PUBLIC_URL=${lan[0]} (behind a proxy: its https:// address) so they`,
			`point there whatever the screen's browser used.`
		);
	} else {
		lines.push(
			'No network address besides this machine\u2019s own was found: phones cannot reach it yet. Connect it to the',
			'venue network, or set PUBLIC_URL to the address phones will use.'
		);
	}
	return lines;
}

/**
 * How to mint more staff links from another shell, with what that shell needs to reach the same hub: its database
 * (DAIS_DB, when not the default; PostgreSQL's address is not printed, it may hold a password) and the address the
 * printed links start with (PORT, when not 3000 and PUBLIC_URL is not set). Without them the links pointed at
 * localhost:3000 and at another database.
 */
export function staffHint(env: NodeJS.ProcessEnv, port: number): string {
	const quote = (v: string) => (/^[\w./:@%+=,-]+$/.test(v) ? v : `'${v.replaceAll("'", `'\\''`)}'`);
	const vars = [
		env.DATABASE_URL ? 'DATABASE_URL=…' : env.DAIS_DB ? `DAIS_DB=${quote(env.DAIS_DB)}` : '',
		env.PUBLIC_URL ? `PUBLIC_URL=${quote(env.PUBLIC_URL)}` : port !== 3000 ? `PORT=${port}` : ''
	].filter(Boolean);
	return `Mint more with: ${[...vars, 'npm run staff -- --role moderator --label "Hall A"'].join(' ')}`;
}
