import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The sign-in, sign-out and import pages are SvelteKit routes: these tests run the hub as operators do
 * (`node --import tsx server/index.ts` with the app build, which they make first if it is missing or stale) and
 * talk HTTP to it.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLE = readFileSync(new URL('server/event/sample-event.json', `file://${ROOT}`), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'dais-http-'));
const children: ChildProcess[] = [];

interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** One HTTP request with exactly the headers given (browsers' Origin and cookies included), no redirects followed. */
function call(
	port: number,
	method: string,
	path: string,
	headers: Record<string, string> = {},
	body?: string
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				method,
				path,
				// A connection per request: a kept-alive one the hub closes after 5 s idle (a slow CLI run between two
				// calls) would fail the next request with "socket hang up".
				agent: false,
				headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d: string) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

const setCookies = (r: Reply) => (r.headers['set-cookie'] as string[] | undefined) ?? [];
const staffCookie = (r: Reply) => setCookies(r).find((c) => c.startsWith('dais_staff='));
const cookieValue = (setCookie: string) => setCookie.split(';')[0];
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const addr = server.address();
			const p = typeof addr === 'object' && addr ? addr.port : 0;
			server.close(() => resolve(p));
		});
	});
}

/** Starts the hub on a fresh database; resolves once it serves, with what it printed (the first-run links). */
async function startServer(env: Record<string, string> = {}) {
	const port = await freePort();
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			DAIS_DB: join(dir, `dais-${port}.db`),
			DAIS_SAMPLE_DATES: 'fixed',
			LOG_LEVEL: 'silent',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
	for (let i = 0; i < 300; i++) {
		try {
			if ((await call(port, 'GET', '/healthz')).status === 200 && out.includes('npm run staff')) break;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	const links = Object.fromEntries(
		[...out.matchAll(/^ {2}(\w+) +\S*?(\/signin\?token=[A-Za-z0-9_-]+)$/gm)].map((m) => [m[1], m[2]])
	);
	return { port, origin: `http://127.0.0.1:${port}`, links, output: () => out };
}

let plain: Awaited<ReturnType<typeof startServer>>;
let behindTls: Awaited<ReturnType<typeof startServer>>;
const PUBLIC = 'https://dais.example.org';

beforeAll(async () => {
	const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs', '--fresh'], {
		cwd: ROOT,
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error('could not build the app');
	[plain, behindTls] = await Promise.all([startServer(), startServer({ PUBLIC_URL: PUBLIC })]);
}, 300_000);

afterAll(() => {
	for (const c of children) c.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
});

/** Signs in with a link through its button, as a browser on the pages' own origin does. */
const signIn = (hub: { port: number }, path: string, origin: string) =>
	call(
		hub.port,
		'POST',
		path,
		// A browser's form post asks for a page (without that, SvelteKit answers in JSON, as to an enhanced form).
		{ origin, 'content-type': FORM, accept: 'text/html' },
		form({ token: new URL(path, 'http://x').searchParams.get('token')! })
	);

describe('signing in with a staff link', () => {
	it('prints one link per role on the first start, each of which signs in once, to its console', async () => {
		expect(Object.keys(plain.links).sort()).toEqual(['chair', 'moderator', 'organiser', 'screen']);
		const landing = { organiser: '/organiser', moderator: '/moderator', chair: '/chair', screen: '/screen' };
		for (const [role, path] of Object.entries(plain.links)) {
			if (role === 'organiser') continue; // kept for the tests below
			const first = await signIn(plain, path, plain.origin);
			expect(first.status, role).toBe(303);
			expect(first.headers.location).toBe(landing[role as keyof typeof landing]);
			expect(staffCookie(first)).toBeDefined();
			const again = await signIn(plain, path, plain.origin);
			expect(again.status, role).toBe(410);
			expect(staffCookie(again)).toBeUndefined();
		}
	});

	it('shows a confirmation page on a GET, even a cross-site one, and signs nobody in (no Set-Cookie)', async () => {
		const path = plain.links.organiser;
		// A browser that already has its device cookie (one the hub issued): anything set now would be the sign-in's.
		const issued = await call(plain.port, 'POST', '/api/device');
		const device = String(issued.headers['set-cookie']?.[0] ?? '').split(';')[0];
		expect(device).toMatch(/^dais_device=/);
		const res = await call(plain.port, 'GET', path, {
			cookie: device,
			'sec-fetch-site': 'cross-site',
			'sec-fetch-mode': 'navigate',
			referer: 'https://evil.example/'
		});
		expect(res.status).toBe(200);
		expect(res.body).toContain('data-testid="signin-confirm"');
		expect(res.body).toContain('method="POST"');
		expect(res.headers['set-cookie']).toBeUndefined();
		expect(res.headers['cache-control']).toContain('no-store');
		// Nor does a first visit, which only gets its anonymous device cookie.
		const bare = await call(plain.port, 'GET', path);
		expect(staffCookie(bare)).toBeUndefined();
	});

	it('refuses the sign-in post from a foreign origin, or with none, and leaves the link unused', async () => {
		const path = plain.links.organiser;
		const foreign = await signIn(plain, path, 'https://evil.example');
		expect(foreign.status).toBe(403);
		expect(staffCookie(foreign)).toBeUndefined();
		const token = new URL(path, 'http://x').searchParams.get('token')!;
		const noOrigin = await call(
			plain.port,
			'POST',
			path,
			{ 'content-type': FORM, accept: 'text/html' },
			form({ token })
		);
		expect(noOrigin.status).toBe(403);
		expect(staffCookie(noOrigin)).toBeUndefined();
		// Still shown as usable.
		expect((await call(plain.port, 'GET', path)).body).toContain('data-testid="signin-confirm"');
	});

	it('answers a sign-in post whose body is not a form with 400, not a crash, and leaves the link unused', async () => {
		const path = plain.links.organiser;
		const broken = await call(
			plain.port,
			'POST',
			path,
			{ origin: plain.origin, 'content-type': 'multipart/form-data; boundary=x', accept: 'text/html' },
			'--x\r\nbroken'
		);
		expect(broken.status).toBe(400);
		expect(staffCookie(broken)).toBeUndefined();
		expect((await call(plain.port, 'GET', path)).body).toContain('data-testid="signin-confirm"');
	});

	it('answers a post naming the reserved `?/default` action as an action the page does not have (404), not a crash', async () => {
		const path = plain.links.organiser;
		const token = new URL(path, 'http://x').searchParams.get('token') ?? '';
		for (const target of ['/signin?/default', '/signout?/default']) {
			const res = await call(
				plain.port,
				'POST',
				target,
				{ origin: plain.origin, 'content-type': FORM, accept: 'text/html' },
				form({ token })
			);
			expect(res.status).toBe(404);
			expect(staffCookie(res)).toBeUndefined();
		}
		expect((await call(plain.port, 'GET', path)).body).toContain('data-testid="signin-confirm"');
	});

	it('signs in on the pages’ own origin with an httpOnly, Lax cookie (not Secure over plain http); a reuse is refused clearly', async () => {
		const path = plain.links.organiser;
		const res = await signIn(plain, path, plain.origin);
		expect(res.status).toBe(303);
		expect(res.headers.location).toBe('/organiser');
		const cookie = staffCookie(res)!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i);
		expect(cookie).toMatch(/Max-Age=\d+/);
		const console = await call(plain.port, 'GET', '/organiser', { cookie: cookieValue(cookie) });
		expect(console.body).toContain('data-testid="signed-in-as"');

		const reused = await signIn(plain, path, plain.origin);
		expect(reused.status).toBe(410);
		expect(reused.body).toContain('This link was already used — ask an organiser for a new one.');
		expect(staffCookie(reused)).toBeUndefined();
		const shown = await call(plain.port, 'GET', path);
		expect(shown.body).toContain('This link was already used — ask an organiser for a new one.');
	});

	it('signs out: the cookie is cleared and no longer opens the console', async () => {
		const minted = await mintAndSignIn(plain, 'moderator');
		const before = await call(plain.port, 'GET', '/moderator', { cookie: minted });
		expect(before.body).not.toContain('data-testid="mod-sign-in"');
		const out = await call(
			plain.port,
			'POST',
			'/signout',
			{ cookie: minted, origin: plain.origin, 'content-type': FORM, accept: 'text/html' },
			''
		);
		expect(out.status).toBe(303);
		expect(out.headers.location).toBe('/signout');
		expect(staffCookie(out)).toMatch(/Max-Age=0/);
		const after = await call(plain.port, 'GET', '/moderator', { cookie: minted });
		expect(after.body).toContain('data-testid="mod-sign-in"');
	});
});

/** Mints a link with the staff CLI against the hub's database and signs in with it; the Cookie header. */
async function mintAndSignIn(hub: { port: number; origin: string }, role: string) {
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/staff.ts', '--role', role], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', DAIS_DB: join(dir, `dais-${hub.port}.db`), LOG_LEVEL: 'silent' },
		encoding: 'utf8'
	});
	const path = /(\/signin\?token=[A-Za-z0-9_-]+)/.exec(run.stdout)?.[1];
	if (!path) throw new Error(`no link minted: ${run.stderr}`);
	const res = await signIn(hub, path, hub.origin);
	return cookieValue(staffCookie(res)!);
}

describe('importing a programme over HTTP', () => {
	it('reports a 20,000-deep file as a located problem, not a server error', async () => {
		const cookie = await mintAndSignIn(plain, 'organiser');
		const deep = `{\n  "schema": "dais.event/1",\n  "event": ${'['.repeat(20_000)}${']'.repeat(20_000)}\n}\n`;
		const res = await call(
			plain.port,
			'POST',
			'/organiser/import?mode=replace',
			{ cookie, origin: plain.origin, 'content-type': 'application/json' },
			deep
		);
		expect(res.status).toBe(400);
		const body = JSON.parse(res.body) as { ok: boolean; problems: unknown[] };
		expect(body.ok).toBe(false);
		expect(body.problems).toEqual([
			{ line: 3, column: 267, path: '', message: 'nested deeper than 256 levels' }
		]);
	});

	it('refuses a merge that moves the event’s dates or zone, naming the changes, and applies it once confirmed', async () => {
		const cookie = await mintAndSignIn(plain, 'organiser');
		// Its sessions move with the days: a file's sessions lie within its own days.
		const file = JSON.parse(
			SAMPLE.replaceAll('"2026-12-08T', '"2026-12-10T').replaceAll('"2026-12-09T', '"2026-12-11T')
		) as { event: Record<string, string> };
		file.event.startsOn = '2026-12-10';
		file.event.endsOn = '2026-12-11';
		const post = (query: string) =>
			call(
				plain.port,
				'POST',
				`/organiser/import?${query}`,
				{ cookie, origin: plain.origin, 'content-type': 'application/json' },
				JSON.stringify(file)
			);
		// Read from the hub's own database file, as a second process would.
		const event = () => {
			const db = new Database(join(dir, `dais-${plain.port}.db`), { readonly: true });
			try {
				return db
					.prepare("SELECT starts_on AS startsOn, ends_on AS endsOn FROM events WHERE id = 'isb26'")
					.get();
			} finally {
				db.close();
			}
		};

		const refused = await post('mode=merge');
		expect(refused.status).toBe(409);
		expect(JSON.parse(refused.body)).toMatchObject({
			ok: false,
			error: 'conflict',
			eventChanges: [
				{ field: 'startsOn', from: '2026-12-08', to: '2026-12-10' },
				{ field: 'endsOn', from: '2026-12-09', to: '2026-12-11' }
			]
		});
		expect(event()).toMatchObject({ startsOn: '2026-12-08', endsOn: '2026-12-09' });

		const applied = await post('mode=merge&allowEventChanges=1');
		expect(applied.status).toBe(200);
		expect(JSON.parse(applied.body)).toMatchObject({
			ok: true,
			data: { eventChanges: [{ field: 'startsOn' }, { field: 'endsOn' }] }
		});
		expect(event()).toMatchObject({ startsOn: '2026-12-10', endsOn: '2026-12-11' });
		// The applied import is in the event's audit log as the organiser's link, once; the refused one is not.
		const db = new Database(join(dir, `dais-${plain.port}.db`), { readonly: true });
		try {
			expect(
				db
					.prepare(
						"SELECT role, label FROM audit_log WHERE event_id = 'isb26' AND command = 'programme:import'"
					)
					.all()
			).toEqual([{ role: 'organiser', label: expect.any(String) }]);
		} finally {
			db.close();
		}
	});
});

describe('behind a TLS proxy, with PUBLIC_URL=https://…', () => {
	it('accepts the sign-in post from PUBLIC_URL’s origin and marks the cookie Secure; refuses the bare address', async () => {
		const path = behindTls.links.organiser;
		const bare = await signIn(behindTls, path, behindTls.origin);
		expect(bare.status).toBe(403);
		const res = await signIn(behindTls, path, PUBLIC);
		expect(res.status).toBe(303);
		expect(staffCookie(res)).toMatch(/;\s*Secure/i);
	});

	it('accepts the console’s import from PUBLIC_URL’s origin without any ORIGIN setting', async () => {
		const cookie = await mintAndSignIn({ port: behindTls.port, origin: PUBLIC }, 'organiser');
		const res = await call(
			behindTls.port,
			'POST',
			'/organiser/import?mode=replace',
			{ cookie, origin: PUBLIC, 'content-type': 'application/json' },
			'{"schema": "dais.event/1"}'
		);
		// Refused for its content (located problems), not as cross-site.
		expect(res.status).toBe(400);
		expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: 'invalid-payload' });
	});

	it('lets a socket open from PUBLIC_URL’s origin only, scheme included', async () => {
		const open = (origin: string) =>
			new Promise<boolean>((resolve) => {
				const socket = io(behindTls.origin, {
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { origin }
				});
				socket.once('connect', () => {
					socket.close();
					resolve(true);
				});
				socket.once('connect_error', () => {
					socket.close();
					resolve(false);
				});
			});
		expect(await open(PUBLIC)).toBe(true);
		expect(await open('http://dais.example.org')).toBe(false);
		expect(await open(behindTls.origin)).toBe(false);
	});
});
