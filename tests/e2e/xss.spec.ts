import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../src/lib/protocol';
import {
	deviceCookie,
	expect,
	forbidDialogs,
	PHONE,
	setClock,
	staffSocket,
	test,
	waitLive
} from './fixtures';

/** Script-injection strings of the usual shapes; every one must come out as the literal text it is. */
const CORPUS = [
	'<img src=x onerror=alert(1)>',
	'<script>alert(2)</script>',
	'"><svg onload=alert(3)>',
	'<a href="javascript:alert(4)">click</a>',
	"'-alert(5)-'",
	'</textarea><script>alert(6)</script>',
	'{{constructor.constructor("alert(7)")()}}',
	'<iframe srcdoc="<script>alert(8)</script>">'
];
const AT = new Date('2026-12-09T07:00:00Z'); // day 2, 12:00: the plenary reports session is on
const E = 'isb26';
const S = 'reports';
let n = 0;
const id = () => `xss-${Date.now()}-${++n}`;

type Client = Socket<ServerToClient, ClientToServer>;
async function attendee(baseURL: string): Promise<Client> {
	const s: Client = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL) }
	});
	await s.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
	return s;
}
function ok<T>(res: { ok: true; data: T } | { ok: false; error: string; message?: string }): T {
	if (!res.ok) throw new Error(`${res.error}: ${res.message ?? ''}`);
	return res.data;
}

test('script-injection strings typed anywhere are shown as literal text and never run', async ({
	browser,
	baseURL,
	contexts
}) => {
	test.setTimeout(60_000);
	const url = baseURL!;
	const organiser = await staffSocket(url, 'organiser');
	const moderator = await staffSocket(url, 'moderator');
	const chair = await staffSocket(url, 'chair');

	// Agenda fields and an announcement.
	ok(
		await organiser.emitWithAck('session:update', {
			clientId: id(),
			eventId: E,
			sessionId: S,
			fields: { description: CORPUS.join(' '), speakers: [{ name: CORPUS[2], role: CORPUS[3] }] }
		})
	);
	ok(
		await organiser.emitWithAck('announcement:post', {
			clientId: id(),
			eventId: E,
			text: CORPUS[0],
			roomId: null
		})
	);

	// Questions with names, approved, replied to and pinned.
	const askers = await Promise.all(CORPUS.slice(0, 4).map(() => attendee(url)));
	const asked = [];
	for (const [i, a] of askers.entries()) {
		const res = ok(
			await a.emitWithAck('question:ask', {
				clientId: id(),
				eventId: E,
				sessionId: S,
				text: CORPUS[i],
				name: CORPUS[(i + 4) % CORPUS.length].slice(0, 80),
				organisation: CORPUS[(i + 5) % CORPUS.length].slice(0, 120)
			})
		);
		asked.push(res.question.id);
	}
	ok(await moderator.emitWithAck('question:approve', { clientId: id(), eventId: E, questionIds: asked }));
	ok(
		await moderator.emitWithAck('question:reply', {
			clientId: id(),
			eventId: E,
			questionId: asked[0],
			reply: CORPUS[6]
		})
	);
	ok(
		await moderator.emitWithAck('question:pin', {
			clientId: id(),
			eventId: E,
			sessionId: S,
			questionId: asked[1]
		})
	);

	// A word cloud and open-text answers, revealed and published.
	const cloud = ok(
		await chair.emitWithAck('poll:create', {
			clientId: id(),
			eventId: E,
			sessionId: S,
			poll: { type: 'wordcloud', question: CORPUS[4], minBallots: 1 }
		})
	).poll.id;
	const open = ok(
		await chair.emitWithAck('poll:create', {
			clientId: id(),
			eventId: E,
			sessionId: S,
			poll: { type: 'open', question: 'Injected answers', minBallots: 1 }
		})
	).poll.id;
	for (const pollId of [cloud, open]) {
		ok(
			await chair.emitWithAck('poll:transition', {
				clientId: id(),
				eventId: E,
				pollId,
				action: 'open',
				countdownSeconds: null
			})
		);
		ok(
			await chair.emitWithAck('poll:reveal', { clientId: id(), eventId: E, pollId, visibility: 'everyone' })
		);
	}
	for (const [i, a] of askers.entries()) {
		ok(
			await a.emitWithAck('poll:vote', {
				clientId: id(),
				eventId: E,
				pollId: cloud,
				answer: { words: [CORPUS[i].slice(0, 40)] }
			})
		);
		ok(
			await a.emitWithAck('poll:vote', {
				clientId: id(),
				eventId: E,
				pollId: open,
				answer: { text: CORPUS[i] }
			})
		);
	}
	const answers = ok(await chair.emitWithAck('poll:manage', { eventId: E, sessionId: S })).polls.find(
		(p) => p.id === open
	)!;
	if (answers.results?.type !== 'open') throw new Error('open results');
	for (const a of answers.results.answers) {
		ok(
			await chair.emitWithAck('poll:publish-text', {
				clientId: id(),
				eventId: E,
				pollId: open,
				answerId: a.id,
				published: true
			})
		);
	}

	const dialogs: string[] = [];
	const visit = async (
		path: string,
		opts: { phone?: boolean; signIn?: 'moderator' | 'chair' | 'organiser' | 'screen' } = {}
	) => {
		const context = await browser.newContext({
			...(opts.phone ? PHONE : { viewport: { width: 1280, height: 900 } }),
			timezoneId: 'Asia/Karachi'
		});
		await setClock(context, AT);
		contexts.push(context);
		const page = await context.newPage();
		forbidDialogs(page, dialogs);
		if (opts.signIn) {
			const { mintSignInPath, signInOnPage } = await import('./fixtures');
			await signInOnPage(
				page,
				await mintSignInPath(opts.signIn, opts.signIn === 'screen' ? 'plenary' : null)
			);
		}
		await page.goto(path);
		await waitLive(page);
		return page;
	};

	const phone = await visit(`/e/ISB26/s/${S}`, { phone: true });
	await expect(phone.getByTestId('question-text').filter({ hasText: CORPUS[0] })).toHaveText(CORPUS[0]);
	await expect(phone.getByTestId('announcement').first()).toContainText(CORPUS[0]);
	await expect(phone.getByText(CORPUS[6]).first()).toBeVisible(); // the reply
	await expect(phone.locator(`[data-poll-id="${open}"]`)).toContainText(CORPUS[1]);
	await expect(phone.locator('main')).toContainText(CORPUS[3]); // a speaker's role

	const agenda = await visit('/e/ISB26', { phone: true });
	await agenda.getByRole('tab', { name: /Day 2/ }).click();
	await expect(agenda.getByTestId('day-panel')).toContainText(CORPUS[2]);

	const screen = await visit('/screen/plenary', { signIn: 'screen' });
	await expect(
		screen.getByTestId('screen-poll').or(screen.getByTestId('screen-pinned')).first()
	).toBeVisible();

	const mod = await visit(`/moderator?session=${S}`, { signIn: 'moderator' });
	await mod.getByTestId('mod-session-select').selectOption(S);
	await expect(mod.getByTestId('mod-question').filter({ hasText: CORPUS[1] }).first()).toBeVisible();

	const chairPage = await visit('/chair', { signIn: 'chair', phone: true });
	await chairPage.getByTestId('chair-session-select').selectOption(S);
	await expect(chairPage.locator(`[data-poll-id="${open}"]`)).toContainText(CORPUS[3]);

	const org = await visit('/organiser', { signIn: 'organiser' });
	await expect(org.locator('body')).toContainText(CORPUS[0]);

	for (const page of [phone, agenda, screen, mod, chairPage, org]) {
		// Nothing injected became an element.
		expect(
			await page
				.locator(
					'main img[src="x"], main iframe[srcdoc], main svg[onload], body script:not([nonce]):not([src])'
				)
				.count()
		).toBe(0);
	}
	await phone.waitForTimeout(300);
	expect(dialogs).toEqual([]);
	for (const s of [organiser, moderator, chair, ...askers]) s.close();
});
