import { io, type Socket } from 'socket.io-client';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import type { ClientToServer, PollType, ServerToClient } from '../../src/lib/protocol';
import { QUESTION_MAX } from '../../src/lib/protocol/text-limits';
import {
	DAY1_1100,
	deviceCookie,
	docShot,
	expect,
	forgetLoopbackWarningHidden,
	hideLoopbackWarning,
	setHubClock,
	staffSocket,
	test
} from './fixtures';

type Client = Socket<ServerToClient, ClientToServer>;
// src/lib/screen/languages.ts (which imports through $lib, out of the tests' reach): were it renamed, the runs without
// a second language would see the remembered one and fail.
const SCREEN_ALSO_COOKIE = 'dais_screen_also';
const E = 'isb26';
const S = 'nap-greece'; // day 1, 14:00-15:30 in the Plenary Hall: no other spec uses it
const AT_1430 = new Date('2026-12-08T09:30:00Z');
const SIZES = [
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 },
	{ width: 3840, height: 2160 },
	{ width: 1024, height: 768 }
];
const TYPES: PollType[] = ['single', 'multiple', 'rating', 'ranking', 'wordcloud', 'open'];

function ok<T>(res: { ok: true; data: T } | { ok: false; error: string; message?: string }): T {
	if (!res.ok) throw new Error(`${res.error}: ${res.message ?? ''}`);
	return res.data;
}

/** Eight labels of 110-120 characters, the longest a poll option may have. */
const LONG = {
	en: [
		'Joint investigation teams that follow smuggling networks across every border of the route, from origin to destination',
		'A regional platform for sharing intelligence on routes, vessels and facilitators in real time between all law enforcement',
		'Model legislation that criminalises smuggling while protecting the rights of smuggled migrants under the Protocol',
		'Training for border, coast guard and airport officials on identifying vulnerable people and victims of trafficking',
		'Financial investigations that follow the money paid to smugglers through hawala, mobile wallets and shell companies',
		'Safe and regular pathways for labour migration, so that fewer people have to turn to smugglers in the first place',
		'Awareness campaigns in communities of origin about the real risks of irregular journeys, told by those who returned',
		'Protection and assistance for smuggled migrants who were abused on the way, including medical and legal support'
	],
	fr: [
		"Des équipes d'enquête conjointes qui suivent les réseaux de passeurs à chaque frontière de la route, de l'origine à la fin",
		'Une plateforme régionale de partage en temps réel des renseignements sur les routes, les navires et les facilitateurs',
		'Une loi type qui incrimine le trafic tout en protégeant les droits des migrants objet de trafic au titre du Protocole',
		'La formation des agents des frontières, des garde-côtes et des aéroports pour repérer les personnes vulnérables',
		"Des enquêtes financières qui suivent l'argent versé aux passeurs par la hawala, les portefeuilles mobiles et autres",
		'Des voies de migration de travail sûres et régulières, pour que moins de personnes aient à recourir aux passeurs',
		"Des campagnes de sensibilisation dans les communautés d'origine sur les risques réels, racontées par ceux revenus",
		'Protection et assistance aux migrants objet de trafic maltraités en chemin, y compris un soutien médical et juridique'
	],
	ar: [
		'فرق تحقيق مشتركة تتعقب شبكات التهريب عبر كل حدود الطريق، من بلد المنشأ إلى بلد المقصد، وتتبادل الأدلة فيما بينها',
		'منصة إقليمية لتبادل المعلومات الاستخبارية عن الطرق والسفن والميسّرين في الوقت الفعلي بين جميع أجهزة إنفاذ القانون',
		'تشريع نموذجي يجرّم تهريب المهاجرين مع حماية حقوق المهاجرين المهرَّبين بموجب البروتوكول وضمان عدم معاقبتهم',
		'تدريب موظفي الحدود وخفر السواحل والمطارات على التعرف على الأشخاص المستضعفين وضحايا الاتجار بالبشر وإحالتهم',
		'تحقيقات مالية تتتبع الأموال المدفوعة للمهربين عبر الحوالة والمحافظ الإلكترونية والشركات الوهمية وتجمّدها',
		'مسارات آمنة ونظامية لهجرة العمال، حتى يضطر عدد أقل من الناس إلى اللجوء إلى المهربين منذ البداية في بلدانهم',
		'حملات توعية في مجتمعات المنشأ بالمخاطر الحقيقية للرحلات غير النظامية، يرويها أولئك الذين عادوا منها بأنفسهم',
		'حماية ومساعدة المهاجرين المهرَّبين الذين تعرضوا للإساءة في الطريق، بما في ذلك الدعم الطبي والقانوني والنفسي'
	],
	ur: [
		'مشترکہ تحقیقاتی ٹیمیں جو اسمگلنگ کے نیٹ ورکس کا راستے کی ہر سرحد پر، روانگی سے منزل تک، تعاقب کریں',
		'راستوں، کشتیوں اور سہولت کاروں کے بارے میں تمام قانون نافذ کرنے والے اداروں کے درمیان فوری معلومات کا علاقائی پلیٹ فارم',
		'ایسا نمونہ قانون جو اسمگلنگ کو جرم قرار دے اور پروٹوکول کے تحت اسمگل ہونے والے تارکین وطن کے حقوق کا تحفظ کرے',
		'سرحدی، ساحلی محافظ اور ہوائی اڈوں کے اہلکاروں کی تربیت تاکہ وہ کمزور افراد اور انسانی اسمگلنگ کے متاثرین کو پہچان سکیں',
		'مالی تحقیقات جو ہنڈی، موبائل والٹ اور فرضی کمپنیوں کے ذریعے اسمگلروں کو دی گئی رقم کا سراغ لگائیں اور روکیں',
		'محنت کی ہجرت کے محفوظ اور باقاعدہ راستے، تاکہ کم لوگوں کو پہلے ہی مرحلے میں اسمگلروں کا سہارا لینا پڑے',
		'روانگی والی برادریوں میں بے قاعدہ سفر کے حقیقی خطرات کے بارے میں آگاہی مہم، واپس آنے والوں کی زبانی سنائی گئی',
		'راستے میں زیادتی کا شکار ہونے والے اسمگل شدہ تارکین وطن کے لیے طبی اور قانونی مدد سمیت تحفظ اور معاونت'
	]
} as const;
/** Poll questions near the longest allowed (200 characters): the hall reads them whole. */
const QUESTION = {
	fr: 'Laquelle de ces priorités le groupe de travail régional devrait-il traiter en premier, vu les moyens promis par les partenaires et les engagements pris à Islamabad sur les routes maritimes ?',
	ar: 'أيّ هذه الأولويات ينبغي أن تتناولها فرقة العمل الإقليمية أولاً، بالنظر إلى الموارد التي تعهد بها الشركاء حتى الآن والالتزامات التي قُطعت في إعلان إسلام آباد بشأن طرق التهريب البحرية والبرية؟',
	en: 'Which of these should the regional task force take up first, given the resources the partners have pledged so far and the commitments made in the Islamabad declaration on the smuggling routes?',
	ur: 'شراکت داروں کے اب تک کیے گئے وعدوں اور اسلام آباد اعلامیے میں اسمگلنگ کے سمندری اور زمینی راستوں پر کیے گئے عہد کو دیکھتے ہوئے علاقائی ٹاسک فورس کو ان میں سے کون سا کام سب سے پہلے شروع کرنا چاہیے؟'
};
const PINNED = {
	fr: "Comment le groupe de travail s'assurera-t-il que les données échangées entre pays sur les personnes objet de trafic sont protégées, et qui en répondra en cas d'abus ?",
	ar: 'كيف ستضمن فرقة العمل حماية البيانات المتبادلة بين الدول عن الأشخاص المهرَّبين، ومن سيكون مسؤولاً إذا أساءت أي من الجهات التي تتلقاها استخدامها؟',
	en: 'How will the task force make sure that the data shared between countries about smuggled people is protected, and who will be accountable if it is misused by any of the agencies that receive it?',
	ur: 'ٹاسک فورس کیسے یقینی بنائے گی کہ اسمگل ہونے والے افراد کے بارے میں ممالک کے درمیان شیئر کیا گیا ڈیٹا محفوظ رہے، اور اگر کوئی ادارہ اس کا غلط استعمال کرے تو جواب دہ کون ہوگا؟'
};
const WORDS = {
	en: [
		'corruption',
		'trust',
		'data protection',
		'language',
		'funding',
		'jurisdiction',
		'politics',
		'capacity',
		'borders',
		'legal gaps',
		'coordination',
		'technology'
	],
	ur: [
		'بدعنوانی',
		'اعتماد',
		'ڈیٹا کا تحفظ',
		'زبان',
		'فنڈز',
		'دائرہ اختیار',
		'سیاست',
		'صلاحیت',
		'سرحدیں',
		'قانونی خلا',
		'رابطہ کاری',
		'ٹیکنالوجی'
	]
};

type Lang = keyof typeof LONG;
// The longest a label may be is 120 characters.
const options = (lang: Lang) =>
	LONG[lang].map((label, i) => ({ id: `o${i + 1}`, label: label.slice(0, 120).trim() }));

/** The most choices a poll may have (12), each 110-120 characters: the eight above, then four of them again, numbered. */
const twelve = (lang: Lang) => [
	...options(lang),
	...options(lang)
		.slice(0, 4)
		.map((o, k) => ({ id: `o${k + 9}`, label: `${k + 9}. ${o.label}`.slice(0, 120).trim() }))
];

/**
 * A ballot from voter `v` for a poll of `type` with the first `n` of the twelve choices (spread so that every bar and
 * column has something in it).
 */
function ballot(type: PollType, lang: Lang, v: number, n = 12) {
	const ids = twelve(lang)
		.slice(0, n)
		.map((o) => o.id);
	switch (type) {
		case 'single':
			return { choice: ids[(v * 5) % n] };
		case 'multiple':
			return { choices: [ids[v % n], ids[(v + 5) % n]] };
		case 'rating':
			return { ratings: Object.fromEntries(ids.map((id, i) => [id, ((v + i) % 5) + 1])) };
		case 'ranking':
			return { ranking: ids.map((_, i) => ids[(i + (v % 3)) % n]) };
		case 'wordcloud': {
			const words = lang === 'ur' ? WORDS.ur : WORDS.en;
			return { words: [0, 1, 2].map((k) => words[(v * (k + 1)) % words.length]) };
		}
		case 'open':
			return { text: `${LONG[lang][v % 8]} ${LONG[lang][(v + 1) % 8]}`.slice(0, 230) };
	}
}

/**
 * Every visible element inside the screen lies inside the viewport and inside the box of the nearest ancestor that
 * clips it, unless that ancestor truncates with an ellipsis; a box that clips its own content must show an ellipsis.
 */
/** The Plenary Hall's screen at 14:30 on day 1, signed in by a screen link, and the page errors it meets. */
async function plenaryScreen(
	staffPage: (role: 'screen', opts: { roomId: string; at: Date }) => Promise<Page>
) {
	const screen = await staffPage('screen', { roomId: 'plenary', at: AT_1430 });
	const errors: string[] = [];
	screen.on('pageerror', (e) => errors.push(e.message));
	return { screen, errors };
}

/** Sets the screen's size and waits two frames for the fit loop to measure, and for the fonts to be in. */
async function settle(screen: Page, size: { width: number; height: number }) {
	await screen.setViewportSize(size);
	await screen.evaluate(
		() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
	);
	await screen.evaluate(() => document.fonts.ready);
}

/** A ballot cast from a phone new to the hub (its own device id), which then goes away. */
async function voteFromNewPhone(
	baseURL: string,
	pollId: string,
	clientId: string,
	answer: ReturnType<typeof ballot>
) {
	const voter: Client = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL) }
	});
	ok(await voter.emitWithAck('event:join', { code: 'ISB26', protocol: 1 }));
	ok(await voter.emitWithAck('poll:vote', { clientId, eventId: E, pollId, answer }));
	voter.close();
}

/** Opens a poll, shows its results to everyone, and has `voters` new phones vote `answer(v)` in it. */
async function openWithVotes(
	chair: Client,
	baseURL: string,
	pollId: string,
	tag: string,
	voters: number,
	answer: (v: number) => ReturnType<typeof ballot>
) {
	await transition(chair, pollId, tag, 'open');
	await revealToAll(chair, pollId, tag);
	for (let v = 0; v < voters; v++)
		await voteFromNewPhone(baseURL, pollId, `${tag}-vote-${pollId}-${v}`, answer(v));
}

/** The chair shows every answer of an open-text poll in the room. */
async function publishAnswers(chair: Client, pollId: string, tag: string) {
	const results = ok(await chair.emitWithAck('poll:manage', { eventId: E, sessionId: S })).polls.find(
		(p) => p.id === pollId
	)!.results;
	if (results?.type !== 'open') throw new Error('no open answers');
	for (const a of results.answers)
		ok(
			await chair.emitWithAck('poll:publish-text', {
				clientId: `${tag}-pub-${a.id}`,
				eventId: E,
				pollId,
				answerId: a.id,
				published: true
			})
		);
}

/** A question asked from a new phone, published and put on the hall screen by the moderator; its id. */
async function pinAskedQuestion(
	baseURL: string,
	moderator: Client,
	tag: string,
	ask: { text: string; name: string; organisation: string; country: string }
) {
	const asker: Client = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL) }
	});
	ok(await asker.emitWithAck('event:join', { code: 'ISB26', protocol: 1 }));
	const q = ok(
		await asker.emitWithAck('question:ask', {
			clientId: `${tag}-ask`,
			eventId: E,
			sessionId: S,
			...ask,
			objectiveId: null
		})
	).question.id;
	asker.close();
	ok(
		await moderator.emitWithAck('question:approve', { clientId: `${tag}-ok`, eventId: E, questionIds: [q] })
	);
	ok(
		await moderator.emitWithAck('question:pin', {
			clientId: `${tag}-pin`,
			eventId: E,
			sessionId: S,
			questionId: q
		})
	);
	return q;
}

/** Takes the pinned question off the hall screen. */
async function unpin(moderator: Client, tag: string) {
	ok(
		await moderator.emitWithAck('question:pin', {
			clientId: `${tag}-unpin`,
			eventId: E,
			sessionId: S,
			questionId: null
		})
	);
}

/** A draft poll in the test's session; its id. */
async function createPoll(
	chair: Client,
	clientId: string,
	poll: { type: PollType; question: string; options: ReturnType<typeof options>; maxChoices: number | null }
) {
	return ok(
		await chair.emitWithAck('poll:create', {
			clientId,
			eventId: E,
			sessionId: S,
			poll: { ...poll, minBallots: 1 }
		})
	).poll.id;
}

/** The chair opens or closes a poll now, without a countdown. */
async function transition(chair: Client, pollId: string, tag: string, action: 'open' | 'close') {
	ok(
		await chair.emitWithAck('poll:transition', {
			clientId: `${tag}-${action}-${pollId}`,
			eventId: E,
			pollId,
			action,
			countdownSeconds: null
		})
	);
}

const closePoll = (chair: Client, pollId: string, tag: string) => transition(chair, pollId, tag, 'close');

/** The chair shows a poll's results to everyone (once it has its minimum of ballots). */
async function revealToAll(chair: Client, pollId: string, tag: string) {
	ok(
		await chair.emitWithAck('poll:reveal', {
			clientId: `${tag}-reveal-${pollId}`,
			eventId: E,
			pollId,
			visibility: 'everyone'
		})
	);
}

async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const root = document.querySelector<HTMLElement>('[data-testid=screen]')!;
		const vw = window.innerWidth;
		const vh = window.innerHeight;
		const problems: string[] = [];
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const truncates = (cs: CSSStyleDeclaration) =>
			(cs.textOverflow === 'ellipsis' && cs.whiteSpace === 'nowrap') ||
			(cs.webkitLineClamp !== 'none' && cs.webkitLineClamp !== '');
		const clips = (cs: CSSStyleDeclaration) => cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
		for (const el of [root, ...root.querySelectorAll('*')]) {
			if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
			if (el.closest('.visually-hidden, title')) continue;
			const r = el.getBoundingClientRect();
			if (r.width <= 1 && r.height <= 1) continue;
			if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
				problems.push(`${name(el)} leaves the viewport: ${JSON.stringify(r.toJSON())}`);
			}
			let clip = el.parentElement;
			while (clip && clip !== root && !clips(getComputedStyle(clip))) clip = clip.parentElement;
			if (clip && clip !== el && !truncates(getComputedStyle(clip))) {
				const c = clip.getBoundingClientRect();
				if (r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1 || r.bottom > c.bottom + 1) {
					problems.push(`${name(el)} is cut off by ${name(clip)}`);
				}
			}
			const cs = getComputedStyle(el);
			if (el instanceof HTMLElement && clips(cs) && !truncates(cs)) {
				if (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2) {
					problems.push(
						`${name(el)} hides part of its content without an ellipsis (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`
					);
				}
			}
		}
		return problems;
	});
}

test.describe.configure({ mode: 'serial' });

/** A question of the longest the form allows (QUESTION_MAX), whole sentences of `text` cut at a word. */
function longest(text: string) {
	const long = `${text} ${text} ${text}`.slice(0, QUESTION_MAX);
	return long.slice(0, long.lastIndexOf(' '));
}

test('an announcement of the longest length is read whole on the hall screen at both projector sizes, in English, Urdu and Arabic', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const organiser = await staffSocket(baseURL!, 'organiser');
	const { screen, errors } = await plenaryScreen(staffPage);
	try {
		for (const lang of ['en', 'ur', 'ar'] as const) {
			const all = LONG[lang].join(' ').slice(0, 500);
			const text = all.slice(0, all.lastIndexOf(' '));
			expect(text.length).toBeGreaterThan(450);
			const posted = ok(
				await organiser.emitWithAck('announcement:post', {
					clientId: `screen-announce-${lang}-${Date.now()}`,
					eventId: E,
					text,
					roomId: null
				})
			);
			try {
				await screen.goto(`/screen/plenary?lang=${lang}`);
				await hideLoopbackWarning(screen);
				const footer = screen.getByTestId('screen-announcement');
				await expect(footer, errors.join('\n')).toContainText(text.slice(0, 20));
				for (const size of [
					{ width: 1920, height: 1080 },
					{ width: 1024, height: 768 }
				]) {
					await settle(screen, size);
					const where = `announcement ${lang} ${size.width}x${size.height}`;
					await screen.screenshot({
						path: `test-results/screenshots/hall-screen-announcement-${lang}-${size.width}x${size.height}.png`
					});
					await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
					const shown = await footer.evaluate((el) => {
						const r = el.getBoundingClientRect();
						return {
							whole: el.scrollHeight <= el.clientHeight + 1,
							inside: r.bottom <= window.innerHeight + 1
						};
					});
					expect(shown.whole, `${where}: the announcement is cut`).toBe(true);
					expect(shown.inside, `${where}: the announcement runs off the screen`).toBe(true);
					// The session on now is still on screen above it.
					await expect(screen.getByTestId('screen-current')).toBeInViewport();
				}
				await screen.setViewportSize(SIZES[0]);
			} finally {
				ok(
					await organiser.emitWithAck('announcement:withdraw', {
						clientId: `screen-announce-off-${lang}-${Date.now()}`,
						eventId: E,
						announcementId: posted.announcement.id
					})
				);
			}
		}
	} finally {
		organiser.close();
	}
	expect(errors).toEqual([]);
});

// First in this file: no poll has been made in its session yet, so the pinned question has the screen to itself.
test('a pinned question of the longest length, with no poll on screen, is read whole at both projector sizes in English, Urdu and Arabic', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	const { screen, errors } = await plenaryScreen(staffPage);
	for (const lang of ['en', 'ur', 'ar'] as const) {
		const text = longest(PINNED[lang]);
		expect(text.length).toBeGreaterThan(QUESTION_MAX - 40);
		await pinAskedQuestion(baseURL!, moderator, `alone-${lang}-${run}`, {
			text,
			name: '',
			organisation: '',
			country: ''
		});
		await screen.goto(`/screen/plenary?lang=${lang}`);
		await hideLoopbackWarning(screen);
		const q = screen.getByTestId('screen-pinned').locator('.q');
		await expect(q, errors.join('\n')).toContainText(text.slice(0, 20));
		await expect(screen.getByTestId('screen-poll')).toHaveCount(0);
		for (const size of [
			{ width: 1920, height: 1080 },
			{ width: 1024, height: 768 }
		]) {
			await settle(screen, size);
			const where = `pinned alone ${lang} ${size.width}x${size.height}`;
			await screen.screenshot({
				path: `test-results/screenshots/hall-screen-pinned-alone-${lang}-${size.width}x${size.height}.png`
			});
			await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
			const shown = await q.evaluate((el) => {
				const r = el.getBoundingClientRect();
				const base = parseFloat(getComputedStyle(document.documentElement).fontSize);
				return {
					// A line clamp that cuts the text leaves more content than the box shows.
					whole: el.scrollHeight <= el.clientHeight + 1,
					inside: r.top >= 0 && r.bottom <= window.innerHeight,
					ratio: parseFloat(getComputedStyle(el).fontSize) / base
				};
			});
			expect(shown.whole, `${where}: the question is cut`).toBe(true);
			expect(shown.inside, `${where}: the question runs off the screen`).toBe(true);
			expect(shown.ratio, `${where}: type at ${shown.ratio.toFixed(2)} of the base`).toBeGreaterThanOrEqual(
				1
			);
		}
		await screen.setViewportSize(SIZES[0]);
	}
	await unpin(moderator, `alone-${run}`);
	moderator.close();
	expect(errors).toEqual([]);
});

test('the hall screen fits every poll type with a pinned question, at four projector sizes, in English and Urdu', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	const screen = await staffPage('screen', { roomId: 'plenary', at: AT_1430 });
	const errors: string[] = [];
	screen.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	screen.on('pageerror', (e) => errors.push(e.message));

	for (const lang of ['en', 'ur'] as const) {
		// The pinned question, asked and published in this run.
		await pinAskedQuestion(baseURL!, moderator, `fit-${lang}-${run}`, {
			text: PINNED[lang],
			name: lang === 'ur' ? 'عائشہ خان' : 'Amina Yusuf',
			organisation: lang === 'ur' ? 'وزارت داخلہ' : 'Ministry of Interior',
			country: lang === 'ur' ? 'پاکستان' : 'Pakistan'
		});
		await screen.goto(`/screen/plenary?lang=${lang}`);
		await expect(screen.getByTestId('screen-pinned')).toContainText(PINNED[lang].slice(0, 20));
		// The loopback warning is tested on its own; the pictures show the screen as a hall sees it.
		await hideLoopbackWarning(screen);

		for (const type of TYPES) {
			const pollId = await createPoll(chair, `fit-create-${lang}-${type}-${run}`, {
				type,
				question: QUESTION[lang],
				options: type === 'wordcloud' || type === 'open' ? [] : twelve(lang),
				maxChoices: type === 'multiple' ? 2 : null
			});
			const voters = type === 'wordcloud' ? 12 : 8;
			await openWithVotes(chair, baseURL!, pollId, 'fit', voters, (v) => ballot(type, lang, v));
			if (type === 'open') await publishAnswers(chair, pollId, 'fit');

			const shown = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`);
			await expect(shown, errors.join('\n')).toBeVisible();
			await expect(shown).toContainText(`${voters}`);
			if (type === 'wordcloud') await expect(shown.locator('svg text').first()).toBeVisible();
			else if (type === 'open') await expect(shown.getByTestId('poll-answer')).toHaveCount(voters);
			else await expect(shown.getByTestId('poll-results')).toContainText(LONG[lang][0].slice(0, 12));

			for (const size of SIZES) {
				await settle(screen, size);
				await expect(screen.getByTestId('screen-pinned')).toBeVisible();
				await expect(screen.getByTestId('screen-code')).toBeVisible();
				const shot = `hall-screen-${type}-${lang}-${size.width}x${size.height}`;
				if (size.width === 1920) await docShot(screen, shot);
				else await screen.screenshot({ path: `test-results/screenshots/${shot}.png` });
				await expect
					.poll(() => layoutProblems(screen), { message: `${lang} ${type} ${size.width}x${size.height}` })
					.toEqual([]);
				// The question voted on is read whole, beside the pinned question too.
				expect(
					await shown.locator('h2').evaluate((el) => el.scrollHeight <= el.clientHeight + 1),
					`${lang} ${type} ${size.width}x${size.height}: the poll's question is cut`
				).toBe(true);
			}
			await closePoll(chair, pollId, 'fit');
		}
		await unpin(moderator, `fit-${lang}-${run}`);
		await screen.setViewportSize(SIZES[0]);
	}
	chair.close();
	moderator.close();
	expect(errors).toEqual([]);
});

/** Every pair of a screen's language and its second language (primary first), as a hall sets them by URL. */
const PAIRS = (['ur', 'ar', 'en', 'fr'] as const).flatMap((lang) =>
	(['ur', 'ar', 'en', 'fr'] as const).filter((also) => also !== lang).map((also) => ({ lang, also }))
);

test('poll results fill the hall screen legibly in every language pair, with the longest poll and a pinned question', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	// The screen as this test sets it: no announcement footer left by an earlier spec (one takes a line of the
	// screen's height, and the results then fall back to one-line labels, as they should).
	const organiser = await staffSocket(baseURL!, 'organiser');
	const { snapshot } = ok(await organiser.emitWithAck('event:join', { code: 'ISB26', protocol: 1 }));
	for (const a of snapshot!.announcements)
		ok(
			await organiser.emitWithAck('announcement:withdraw', {
				clientId: `pairs-withdraw-${a.id}-${run}`,
				eventId: E,
				announcementId: a.id
			})
		);
	organiser.close();
	const { screen, errors } = await plenaryScreen(staffPage);

	await pinAskedQuestion(baseURL!, moderator, `pairs-${run}`, {
		text: PINNED.ur,
		name: 'عائشہ خان',
		organisation: 'وزارت داخلہ',
		country: 'پاکستان'
	});

	for (const type of ['single', 'rating'] as const) {
		const pollId = await createPoll(chair, `pairs-create-${type}-${run}`, {
			type,
			question: QUESTION.ur,
			options: twelve('ur'),
			maxChoices: null
		});
		await openWithVotes(chair, baseURL!, pollId, 'pairs', 8, (v) => ballot(type, 'ur', v));

		for (const { lang, also } of PAIRS) {
			await screen.goto(`/screen/plenary?lang=${lang}&also=${also}`);
			await hideLoopbackWarning(screen);
			const shown = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`);
			await expect(shown, errors.join('\n')).toContainText('8');
			await expect(screen.getByTestId('screen-pinned')).toBeVisible();
			for (const size of [
				{ width: 1920, height: 1080 },
				{ width: 1024, height: 768 }
			]) {
				await settle(screen, size);
				const where = `${type} ${lang}+${also} ${size.width}x${size.height}`;
				// The two the README shows.
				if (lang === 'ur' && also === 'en' && (type === 'rating') === (size.width === 1920))
					await docShot(screen, `hall-screen-${type}-ur-en-${size.width}x${size.height}`);
				await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
				// Legible: the labels keep their two lines, in at most two columns, in type a hall can read. With the most
				// choices a poll may have, all of the longest, beside a pinned question, Urdu (Nastaliq's tall lines, on
				// either side of the pair) included: a choice's label at least 0.68 of the screen's base type (0.71 at the
				// least on 6 Dec; 0.63 and cut to one line before the hall's name made way for a poll and a choice's bar sat
				// closer under it), a rating's item, whole in up to three lines, at least 0.6 (0.65 at the least).
				const seen = await shown.evaluate((poll) => {
					const inner = poll.querySelector('[data-fit-scale]')!;
					const rows = [...poll.querySelectorAll('[data-testid=poll-results] > :is(ul, ol) > li')];
					const columns = new Set(rows.map((li) => Math.round(li.getBoundingClientRect().left))).size;
					const label = poll.querySelector<HTMLElement>('.item-label, .bar-label')!;
					return {
						tight: inner.hasAttribute('data-tight'),
						columns,
						labelPx: parseFloat(getComputedStyle(label).fontSize),
						basePx: parseFloat(getComputedStyle(document.querySelector('[data-testid=screen]')!).fontSize)
					};
				});
				expect(seen.tight, `${where}: labels cut to one line`).toBe(false);
				expect(seen.columns, `${where}: columns`).toBeLessThanOrEqual(2);
				expect(
					seen.labelPx,
					`${where}: label type ${seen.labelPx} px on a ${seen.basePx} px screen`
				).toBeGreaterThanOrEqual(seen.basePx * (type === 'single' ? 0.68 : 0.6));
			}
		}
		await closePoll(chair, pollId, 'pairs');
	}
	await unpin(moderator, `pairs-${run}`);
	chair.close();
	moderator.close();
	expect(errors).toEqual([]);
});

/**
 * What a hall reads of a poll's results: for each item label, its text, whether all of it is drawn (no line clamp
 * cutting it, nothing hidden by a box around it) and its type size; the ranking legend's type size; the screen's base
 * type size.
 */
function readLabels(page: Page, pollId: string) {
	return page.evaluate((pollId) => {
		const poll = document.querySelector(`[data-testid=screen-poll][data-poll-id="${pollId}"]`)!;
		const fit = poll.querySelector('[data-fit-scale]')!.parentElement!.getBoundingClientRect();
		const labels = [...poll.querySelectorAll<HTMLElement>('.item-label')].map((el) => {
			const r = el.getBoundingClientRect();
			return {
				text: (el.textContent ?? '').trim(),
				overflows: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
				clipped: r.top < fit.top - 1 || r.bottom > fit.bottom + 1 || r.bottom > window.innerHeight + 1,
				px: parseFloat(getComputedStyle(el).fontSize)
			};
		});
		const legend = [...poll.querySelectorAll<HTMLElement>('.legend, .legend > *')].map((el) =>
			parseFloat(getComputedStyle(el).fontSize)
		);
		return {
			labels,
			legendPx: legend.length ? Math.min(...legend) : null,
			basePx: parseFloat(getComputedStyle(document.querySelector('[data-testid=screen]')!).fontSize)
		};
	}, pollId);
}

test('rating and ranking results show every label in full, in readable type, with a pinned question, in English, French, Arabic and Urdu', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	const { screen, errors } = await plenaryScreen(staffPage);
	// A second language for each: English beside the others, Arabic beside English.
	const LANGS = [
		{ lang: 'en', also: 'ar' },
		{ lang: 'fr', also: 'en' },
		{ lang: 'ar', also: 'en' },
		{ lang: 'ur', also: 'en' }
	] as const;
	for (const { lang, also } of LANGS) {
		await pinAskedQuestion(baseURL!, moderator, `full-${lang}-${run}`, {
			text: PINNED[lang],
			name: lang === 'ar' ? 'سارة حداد' : 'Amina Yusuf',
			organisation: 'UNODC',
			country: lang === 'ar' ? 'الأردن' : 'Jordan'
		});
		for (const [type, n] of [
			['rating', 8],
			['rating', 12],
			['ranking', 8],
			['ranking', 12]
		] as const) {
			const choices = twelve(lang).slice(0, n);
			const pollId = await createPoll(chair, `full-create-${lang}-${type}-${n}-${run}`, {
				type,
				question: QUESTION[lang],
				options: choices,
				maxChoices: null
			});
			await openWithVotes(chair, baseURL!, pollId, 'full', 3, (v) => ballot(type, lang, v, n));
			for (const second of [null, also]) {
				// The screen's browser remembers a second language (a cookie) from the previous language's run: a run
				// without one starts from none.
				if (!second) await screen.context().clearCookies({ name: SCREEN_ALSO_COOKIE });
				await screen.goto(`/screen/plenary?lang=${lang}${second ? `&also=${second}` : ''}`);
				await hideLoopbackWarning(screen);
				const shown = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`);
				await expect(shown, errors.join('\n')).toContainText(options(lang)[0].label.slice(0, 12));
				await expect(screen.getByTestId('screen-pinned')).toBeVisible();
				const secondShown = screen.getByTestId('second-language');
				if (second) await expect(secondShown.first()).toHaveAttribute('lang', second);
				else await expect(secondShown, `${lang}: no second language`).toHaveCount(0);
				for (const size of [
					{ width: 1920, height: 1080 },
					{ width: 1024, height: 768 }
				]) {
					await settle(screen, size);
					const where = `${type} of ${n} ${lang}${second ? `+${second}` : ''} ${size.width}x${size.height}`;
					await screen.screenshot({
						path: `test-results/screenshots/full-${type}-${n}-${lang}${second ? `-${second}` : ''}-${size.width}x${size.height}.png`
					});
					await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
					const seen = await readLabels(screen, pollId);
					// Type a hall reads from its back row, for labels and the ranking's key alike. Eight of the longest items:
					// at least 0.75 of the screen's base type in Urdu (Nastaliq's line height beside the labels' figures once
					// made it 0.65), at least 0.7 in the others (English's longest labels, in two lines, set this floor).
					// Twelve, the most a poll may have: at least 0.6 (0.61-0.66 on a 1920x1080 screen on 6 Dec, in three lines
					// each in two columns; 0.72 or more at 1024x768), and every word of every item still there.
					const readable = seen.basePx * (n === 12 ? 0.6 : lang === 'ur' ? 0.75 : 0.7);
					expect(seen.labels.map((l) => l.text).sort(), where).toEqual(choices.map((o) => o.label).sort());
					for (const l of seen.labels) {
						expect(l.overflows, `${where}: "${l.text}" is cut`).toBe(false);
						expect(l.clipped, `${where}: "${l.text}" is hidden by the box around it`).toBe(false);
						expect(l.px, `${where}: "${l.text}" in ${l.px} px type`).toBeGreaterThanOrEqual(readable);
					}
					// The question the moderator pinned is read by the hall too: whole, beside the longest poll.
					const pinnedCut = await screen
						.getByTestId('screen-pinned')
						.locator('.q')
						.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
					expect(pinnedCut, `${where}: the pinned question is cut`).toBe(false);
					if (type === 'ranking') {
						expect(seen.legendPx, `${where}: legend type`).not.toBeNull();
						expect(seen.legendPx!, `${where}: legend in ${seen.legendPx} px type`).toBeGreaterThanOrEqual(
							readable
						);
					}
				}
			}
			await closePoll(chair, pollId, 'full');
		}
	}
	await unpin(moderator, `full-${run}`);
	chair.close();
	moderator.close();
	expect(errors).toEqual([]);
});

test('a few published open answers are shown whole on the hall screen, beside a pinned question', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	const { screen, errors } = await plenaryScreen(staffPage);
	await pinAskedQuestion(baseURL!, moderator, `answers-${run}`, {
		text: PINNED.ur,
		name: '',
		organisation: '',
		country: ''
	});
	for (const lang of ['ur', 'en'] as const) {
		const pollId = await createPoll(chair, `answers-create-${lang}-${run}`, {
			type: 'open',
			question: QUESTION[lang],
			options: [],
			maxChoices: null
		});
		// Three answers of 230 characters, the hall's share of a debate: each fits whole on the screen.
		await openWithVotes(chair, baseURL!, pollId, `answers-${lang}`, 3, (v) => ballot('open', lang, v));
		await publishAnswers(chair, pollId, 'answers');
		await screen.goto(`/screen/plenary?lang=${lang}`);
		await hideLoopbackWarning(screen);
		const answers = screen
			.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`)
			.getByTestId('poll-answer');
		await expect(answers, errors.join('\n')).toHaveCount(3);
		for (const size of [
			{ width: 1920, height: 1080 },
			{ width: 1024, height: 768 }
		]) {
			await settle(screen, size);
			const where = `open answers ${lang} ${size.width}x${size.height}`;
			await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
			const cut = await answers.evaluateAll((els) =>
				els.flatMap((el, i) => {
					const text = el.querySelector('.answer-text')!;
					return text.scrollHeight > text.clientHeight + 1 ? [i + 1] : [];
				})
			);
			expect(cut, `${where}: answers cut`).toEqual([]);
		}
		await closePoll(chair, pollId, `answers-${lang}`);
	}
	await unpin(moderator, `answers-${run}`);
	chair.close();
	moderator.close();
	expect(errors).toEqual([]);
});

test('while its results are hidden, the hall screen lists the open poll’s choices, all twelve of the longest, beside a pinned question', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const moderator = await staffSocket(baseURL!, 'moderator');
	const run = Date.now();
	const { screen, errors } = await plenaryScreen(staffPage);
	await pinAskedQuestion(baseURL!, moderator, `hidden-${run}`, {
		text: PINNED.ar,
		name: '',
		organisation: '',
		country: ''
	});
	for (const lang of ['ar', 'en'] as const) {
		const pollId = await createPoll(chair, `hidden-create-${lang}-${run}`, {
			type: 'single',
			question: QUESTION[lang],
			options: twelve(lang),
			maxChoices: null
		});
		// Opened, not revealed: the hall sees what it votes on, not how the room is voting.
		await transition(chair, pollId, 'hidden', 'open');
		await screen.goto(`/screen/plenary?lang=${lang}`);
		await hideLoopbackWarning(screen);
		const shown = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`);
		await expect(shown, errors.join('\n')).toBeVisible();
		await expect(shown.getByTestId('poll-results')).toHaveCount(0);
		const choices = shown.getByTestId('screen-poll-choices').locator('li');
		await expect(choices).toHaveCount(12);
		await expect(choices.first()).toContainText(options(lang)[0].label.slice(0, 12));
		await expect(choices.first().locator('[dir=auto]')).toHaveCount(1);
		for (const size of [
			{ width: 1920, height: 1080 },
			{ width: 1024, height: 768 }
		]) {
			await settle(screen, size);
			const where = `hidden results ${lang} ${size.width}x${size.height}`;
			const shot = `hall-screen-choices-${lang}-${size.width}x${size.height}`;
			if (size.width === 1920) await docShot(screen, shot);
			else await screen.screenshot({ path: `test-results/screenshots/${shot}.png` });
			await expect.poll(() => layoutProblems(screen), { message: where }).toEqual([]);
			await expect(screen.getByTestId('screen-pinned')).toBeVisible();
			// Every choice is on screen, in type a hall can read (at least 0.7 of the screen's base type).
			const sizes = await choices.evaluateAll((els) => {
				const base = parseFloat(getComputedStyle(document.documentElement).fontSize);
				return els.map((el) => {
					const r = el.getBoundingClientRect();
					const label = el.querySelector('.choice-label')!;
					return {
						inside:
							r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth,
						ratio: parseFloat(getComputedStyle(label).fontSize) / base
					};
				});
			});
			for (const [i, s] of sizes.entries()) {
				expect(s.inside, `${where}: choice ${i + 1} is off the screen`).toBe(true);
				expect(
					s.ratio,
					`${where}: choice ${i + 1} at ${s.ratio.toFixed(2)} of the base type`
				).toBeGreaterThanOrEqual(0.7);
			}
		}
		// Revealed and past its minimum of one ballot, the choices make way for the results.
		await revealToAll(chair, pollId, 'hidden');
		await voteFromNewPhone(baseURL!, pollId, `hidden-vote-${pollId}`, { choice: 'o1' });
		await expect(shown.getByTestId('poll-results')).toBeVisible();
		await expect(shown.getByTestId('screen-poll-choices')).toHaveCount(0);
		await closePoll(chair, pollId, 'hidden');
		await screen.setViewportSize(SIZES[0]);
	}
	await unpin(moderator, `hidden-${run}`);
	chair.close();
	moderator.close();
	expect(errors).toEqual([]);
});

test('the hall screen says which of its sessions is running late, moved to another hall or cancelled, read whole at both projector sizes in Urdu with Arabic; after the last session, that the conference has ended', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const organiser = await staffSocket(baseURL!, 'organiser');
	const run = Date.now();
	let n = 0;
	const send = (
		event: 'session:delay' | 'session:cancel' | 'session:move',
		payload: { sessionId: string } & ({ minutes: number } | { cancelled: boolean } | { roomId: string })
	) => {
		const emit = organiser.emitWithAck.bind(organiser) as (
			e: string,
			p: object
		) => Promise<Parameters<typeof ok>[0]>;
		return emit(event, { clientId: `screen-changes-${run}-${n++}`, eventId: E, ...payload });
	};
	const command = async (...args: Parameters<typeof send>) => ok(await send(...args));
	let announcementId: number | null = null;
	// 12:00 on day 1: working session 1 (11:30-13:00) is on in Hall A, "Smuggling networks on digital platforms" is its next.
	const screen = await staffPage('screen', { roomId: 'hall-a', at: new Date('2026-12-08T07:00:00Z') });
	const errors: string[] = [];
	screen.on('pageerror', (e) => errors.push(e.message));
	try {
		await screen.goto('/screen/hall-a');
		await hideLoopbackWarning(screen);
		await command('session:delay', { sessionId: 'ws-intelligence', minutes: 10 });
		await command('session:delay', { sessionId: 'digital-networks', minutes: 20 });
		await expect(screen.getByTestId('screen-current')).toContainText('Working session 1');
		await expect(screen.getByTestId('screen-current-delay')).toHaveText('Delayed 10 min');
		await expect(screen.getByTestId('screen-next')).toContainText('16:20');
		await expect(screen.getByTestId('screen-next-delay')).toHaveText('Delayed 20 min');
		await expect(screen.getByTestId('screen-notices')).toHaveCount(0);

		// The afternoon's session is cancelled and the working session moves to Hall B: the people in Hall A came for
		// both, so its screen says so (and "Next" is now the hall's first session tomorrow).
		await command('session:cancel', { sessionId: 'digital-networks', cancelled: true });
		await command('session:move', { sessionId: 'ws-intelligence', roomId: 'hall-b' });
		const notices = screen.getByTestId('screen-notice');
		await expect(notices).toHaveCount(2);
		await expect(notices.nth(0)).toContainText('11:40');
		await expect(notices.nth(0)).toContainText('Now in \u2068Hall B\u2069');
		await expect(notices.nth(0)).toContainText('Working session 1');
		await expect(notices.nth(1)).toContainText('16:20');
		await expect(notices.nth(1)).toContainText('Cancelled');
		await expect(notices.nth(1)).toContainText('Smuggling networks on digital platforms');
		await expect(screen.getByTestId('screen-next')).toContainText('Wed 9 Dec');

		// Whole, with the longest announcement under it, in Urdu with Arabic as the second language.
		const all = LONG.ur.join(' ').slice(0, 500);
		announcementId = ok(
			await organiser.emitWithAck('announcement:post', {
				clientId: `screen-changes-${run}-announce`,
				eventId: E,
				text: all.slice(0, all.lastIndexOf(' ')),
				roomId: null
			})
		).announcement.id;
		await screen.goto('/screen/hall-a?lang=ur&also=ar');
		await hideLoopbackWarning(screen);
		await expect(screen.getByTestId('screen-notice')).toHaveCount(2);
		await expect(screen.getByTestId('screen-notice').nth(1)).toContainText('منسوخ');
		await expect(screen.getByTestId('screen-notice').nth(1)).toContainText('ملغاة');
		for (const size of [
			{ width: 1920, height: 1080 },
			{ width: 1024, height: 768 }
		]) {
			await settle(screen, size);
			await screen.screenshot({
				path: `test-results/screenshots/hall-screen-changes-ur-ar-${size.width}x${size.height}.png`
			});
			await expect
				.poll(() => layoutProblems(screen), { message: `changes ${size.width}x${size.height}` })
				.toEqual([]);
			await expect(screen.getByTestId('screen-announcement')).toBeInViewport();
			for (const notice of await screen.getByTestId('screen-notice').all())
				await expect(notice).toBeInViewport();
		}

		// After the conference's last session (15:30 on day 2): not "no more sessions in this hall today".
		await setHubClock(new Date('2026-12-09T15:00:00Z'));
		await screen.goto('/screen/hall-a?lang=en');
		await expect(screen.getByTestId('screen-event-over')).toContainText('The conference has ended');
	} finally {
		await setHubClock(DAY1_1100);
		if (announcementId)
			await organiser.emitWithAck('announcement:withdraw', {
				clientId: `screen-changes-${run}-unannounce`,
				eventId: E,
				announcementId
			});
		// As it was (each is refused, harmlessly, where the test stopped before changing it).
		await send('session:move', { sessionId: 'ws-intelligence', roomId: 'hall-a' });
		await send('session:cancel', { sessionId: 'digital-networks', cancelled: false });
		await send('session:delay', { sessionId: 'ws-intelligence', minutes: 0 });
		await send('session:delay', { sessionId: 'digital-networks', minutes: 0 });
		organiser.close();
	}
	expect(errors).toEqual([]);
});

/** The eve of the conference by the hub's clock: an announcement posted then is in no conference day's changes. */
const EVE = new Date('2026-12-07T09:00:00Z');

test('with an announcement up, an open poll’s twelve longest choices keep legible type on the hall screen, its question whole and the announcement a compact band', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(120_000);
	const run = Date.now();
	const chair = await staffSocket(baseURL!, 'chair');
	const organiser = await staffSocket(baseURL!, 'organiser');
	// Posted and the poll made on the eve by the hub's clock (the changes of a conference day would keep them).
	await setHubClock(EVE);
	const all = LONG.en.join(' ').slice(0, 500);
	const text = all.slice(0, all.lastIndexOf(' '));
	const announcementId = ok(
		await organiser.emitWithAck('announcement:post', {
			clientId: `screen-band-${run}-announce`,
			eventId: E,
			text,
			roomId: null
		})
	).announcement.id;
	const polls: string[] = [];
	const { screen, errors } = await plenaryScreen(staffPage);
	try {
		for (const lang of ['en', 'ur'] as const) {
			const pollId = await createPoll(chair, `screen-band-${run}-${lang}`, {
				type: 'single',
				question: QUESTION[lang],
				options: twelve(lang),
				maxChoices: null
			});
			polls.push(pollId);
			// The hub's clock stays at the screen's moment (14:30 on day 1): a poll is not a change of the programme.
			await transition(chair, pollId, `screen-band-${run}`, 'open');
			await screen.goto(`/screen/plenary?lang=${lang}`);
			await hideLoopbackWarning(screen);
			const shown = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`);
			await expect(shown, errors.join('\n')).toBeVisible();
			const footer = screen.getByTestId('screen-announcement');
			await expect(footer).toContainText(text.slice(0, 20));
			const choices = shown.getByTestId('screen-poll-choices').locator('li');
			await expect(choices).toHaveCount(12);
			for (const size of [
				{ width: 1920, height: 1080 },
				{ width: 1024, height: 768 }
			]) {
				await settle(screen, size);
				const where = `poll with announcement ${lang} ${size.width}x${size.height}`;
				await screen.screenshot({
					path: `test-results/screenshots/hall-screen-poll-announcement-${lang}-${size.width}x${size.height}.png`
				});
				expect.soft(await layoutProblems(screen), where).toEqual([]);
				const seen = await screen.evaluate(() => {
					const base = parseFloat(getComputedStyle(document.querySelector('[data-testid=screen]')!).fontSize);
					const labels = [
						...document.querySelectorAll<HTMLElement>('[data-testid=screen-poll-choices] .choice-label')
					];
					const h2 = document.querySelector<HTMLElement>('[data-testid=screen-poll] h2')!;
					const note = document.querySelector<HTMLElement>('[data-testid=screen-announcement]')!;
					return {
						base,
						px: labels.map((l) => parseFloat(getComputedStyle(l).fontSize)),
						lines: labels.map((l) => getComputedStyle(l).webkitLineClamp),
						inside: labels.every((l) => {
							const r = l.getBoundingClientRect();
							return r.top >= 0 && r.bottom <= window.innerHeight;
						}),
						questionWhole: h2.scrollHeight <= h2.clientHeight + 1,
						announcementCut: note.scrollHeight > note.clientHeight + 1,
						announcementClamp: getComputedStyle(note).webkitLineClamp,
						more: Boolean(document.querySelector('[data-testid=screen-announcement-more]')?.checkVisibility())
					};
				});
				expect.soft(seen.inside, `${where}: a choice is off the screen`).toBe(true);
				// Read from the back of a hall: every choice at 0.7 of the screen's base type or more and at least a
				// sixtieth of its height (13 px on a 768-line projector: they fell to 11-12 px), on up to three lines
				// (never cut to one), and the poll's question whole.
				for (const px of seen.px) {
					const at = `${where}: a choice at ${px.toFixed(1)} px, base ${seen.base} px`;
					expect.soft(px / seen.base, at).toBeGreaterThanOrEqual(0.7);
					expect.soft(px, at).toBeGreaterThanOrEqual(size.height / 60);
				}
				expect.soft(seen.lines, `${where}: choices cut to one line`).not.toContain('1');
				expect.soft(seen.questionWhole, `${where}: the poll's question is cut`).toBe(true);
				// The announcement is still on screen; cut to the band, it ends in an ellipsis and says where it is whole.
				await expect(footer).toBeInViewport();
				if (seen.announcementCut) {
					expect.soft(seen.announcementClamp, where).not.toBe('none');
					expect
						.soft(seen.more, `${where}: the cut announcement does not say where to read it whole`)
						.toBe(true);
				}
			}
			await transition(chair, pollId, `screen-band-${run}`, 'close');
		}
	} finally {
		await setHubClock(EVE);
		for (const pollId of polls)
			await transition(chair, pollId, `screen-band-${run}-end`, 'close').catch(() => {});
		await organiser.emitWithAck('announcement:withdraw', {
			clientId: `screen-band-${run}-withdraw`,
			eventId: E,
			announcementId
		});
		await setHubClock(DAY1_1100);
		chair.close();
		organiser.close();
	}
	expect(errors).toEqual([]);
});

/**
 * Where each word of a word cloud is drawn, pixel by pixel: the cloud's SVG photographed with one word shown at a
 * time, against a photograph with none shown. The words' ink as the projector shows it, whatever the face.
 */
async function cloudInk(screen: Page, pollId: string) {
	const svg = screen.locator(`[data-poll-id="${pollId}"] [data-testid=word-cloud] svg`);
	const show = (only: number | null) =>
		svg.evaluate((el, i) => {
			el.querySelectorAll('text').forEach((t, n) => (t.style.visibility = n === i ? 'visible' : 'hidden'));
			return [...el.querySelectorAll('text')].map((t) => t.lastChild?.textContent ?? '');
		}, only);
	const shot = async () => PNG.sync.read(await svg.screenshot({ animations: 'disabled' }));
	const words = await show(null);
	const blank = await shot();
	const inks: { word: string; pixels: Set<number>; edge: boolean }[] = [];
	for (let i = 0; i < words.length; i++) {
		await show(i);
		const png = await shot();
		const pixels = new Set<number>();
		let edge = false;
		for (let y = 0; y < png.height; y++)
			for (let x = 0; x < png.width; x++) {
				const o = (y * png.width + x) * 4;
				const d = Math.max(
					Math.abs(png.data[o] - blank.data[o]),
					Math.abs(png.data[o + 1] - blank.data[o + 1]),
					Math.abs(png.data[o + 2] - blank.data[o + 2])
				);
				if (d > 48) {
					pixels.add(y * png.width + x);
					if (x === 0 || y === 0 || x === png.width - 1 || y === png.height - 1) edge = true;
				}
			}
		inks.push({ word: words[i], pixels, edge });
	}
	await svg.evaluate((el) => el.querySelectorAll('text').forEach((t) => (t.style.visibility = '')));
	return inks;
}

test('a word cloud’s words are never drawn over one another nor cut at its edge on the hall screen, Latin and Arabic script, at every projector size', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const chair = await staffSocket(baseURL!, 'chair');
	const run = Date.now();
	const { screen, errors } = await plenaryScreen(staffPage);
	await screen.goto('/screen/plenary?lang=en');
	const pollId = await createPoll(chair, `cloud-create-${run}`, {
		type: 'wordcloud',
		question: 'One word: what makes cooperation across borders work?',
		options: [],
		maxChoices: null
	});
	// As a tester answered ("Trust" twice, one group; Arabic "trust" and "reliance"; "Bureaucracy"), and more, so
	// that the big word has neighbours on every side.
	const answers = [
		'Trust',
		'trust',
		'ثقة',
		'اعتماد',
		'Bureaucracy',
		'Trust',
		'اعتماد',
		'Interoperability',
		'تعاون',
		'Data',
		'Courts',
		'قانون'
	];
	await openWithVotes(chair, baseURL!, pollId, `cloud-${run}`, answers.length, (v) => ({
		words: [answers[v]]
	}));
	const cloud = screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}] [data-testid=word-cloud]`);
	await expect(cloud.locator('svg text')).toHaveCount(9);
	for (const size of [SIZES[1], SIZES[3], SIZES[2]]) {
		await settle(screen, size);
		await screen.screenshot({ path: `test-results/screenshots/hall-screen-cloud-${size.width}.png` });
		const problems = async () => {
			const inks = await cloudInk(screen, pollId);
			return [
				...inks.filter((a) => !a.pixels.size).map((a) => `${a.word} is not drawn`),
				...inks.filter((a) => a.edge).map((a) => `${a.word} is cut at the cloud's edge`),
				...inks.flatMap((a, i) =>
					inks
						.slice(i + 1)
						.filter((b) => [...a.pixels].filter((p) => b.pixels.has(p)).length > 2)
						.map((b) => `${a.word} / ${b.word} drawn over each other`)
				)
			];
		};
		await expect.poll(problems, { message: `${size.width}×${size.height}`, timeout: 20_000 }).toEqual([]);
		await expect.poll(() => layoutProblems(screen), { message: `${size.width}×${size.height}` }).toEqual([]);
	}
	await closePoll(chair, pollId, `cloud-${run}`);
	await screen.setViewportSize(SIZES[0]);
	chair.close();
	expect(errors).toEqual([]);
});

/** Waits until the screen's fit has settled: the parts giving way (data-squeeze) and the fitted type stay put. */
async function settleFit(screen: Page) {
	let last = '';
	for (let i = 0; i < 40; i++) {
		const now = await screen.evaluate(
			() =>
				new Promise<string>((done) =>
					requestAnimationFrame(() =>
						requestAnimationFrame(() =>
							done(
								[...document.querySelectorAll('[data-squeeze], [data-fit-scale]')]
									.map((el) => `${el.getAttribute('data-squeeze')}:${el.getAttribute('data-fit-scale')}`)
									.join(',')
							)
						)
					)
				)
		);
		if (now === last) return;
		last = now;
	}
}

/** The poll's labels on the hall screen (choices, or results' labels) and the note under the choices, measured. */
async function pollLabels(screen: Page) {
	return screen.evaluate(() => {
		const base = parseFloat(getComputedStyle(document.querySelector('[data-testid=screen]')!).fontSize);
		const labels = [
			...document.querySelectorAll<HTMLElement>('[data-testid=screen-poll] :is(.choice-label, .bar-label)')
		];
		const hint = document.querySelector<HTMLElement>('[data-testid=screen-poll] .quiet');
		return {
			base,
			labels: labels.map((l) => {
				const r = l.getBoundingClientRect();
				return {
					text: (l.textContent ?? '').trim().slice(0, 30),
					px: parseFloat(getComputedStyle(l).fontSize),
					clamp: getComputedStyle(l).webkitLineClamp,
					// A line clamp that cuts the label leaves more content than its box shows.
					whole: l.scrollHeight <= l.clientHeight + 1 && l.scrollWidth <= l.clientWidth + 1,
					inside: r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth
				};
			}),
			hint: hint
				? {
						px: parseFloat(getComputedStyle(hint).fontSize),
						height: hint.getBoundingClientRect().height,
						inside: hint.getBoundingClientRect().bottom <= window.innerHeight
					}
				: null
		};
	});
}

/** A poll question of about 160 characters, cut at a word. */
const question160 = (lang: Lang) => QUESTION[lang].slice(0, QUESTION[lang].lastIndexOf(' ', 160));

/**
 * The fullest hall screen a poll shares: the longest Urdu question pinned (300 characters), a 220-character Arabic
 * announcement, and what `play` does with polls; everything it made is undone after it.
 */
async function crowdedScreen(
	baseURL: string,
	staffPage: (role: 'screen', opts: { roomId: string; at: Date }) => Promise<Page>,
	tag: string,
	play: (ctx: { screen: Page; chair: Client; polls: string[] }) => Promise<void>
) {
	const chair = await staffSocket(baseURL, 'chair');
	const moderator = await staffSocket(baseURL, 'moderator');
	const organiser = await staffSocket(baseURL, 'organiser');
	await setHubClock(EVE);
	const all = LONG.ar.join(' ').slice(0, 221);
	const announcementId = ok(
		await organiser.emitWithAck('announcement:post', {
			clientId: `${tag}-announce`,
			eventId: E,
			text: all.slice(0, all.lastIndexOf(' ')),
			roomId: null
		})
	).announcement.id;
	const polls: string[] = [];
	const { screen, errors } = await plenaryScreen(staffPage);
	try {
		const pinned = longest(PINNED.ur);
		expect(pinned.length).toBeGreaterThan(QUESTION_MAX - 40);
		await pinAskedQuestion(baseURL, moderator, tag, {
			text: pinned,
			name: '',
			organisation: '',
			country: ''
		});
		await play({ screen, chair, polls });
	} finally {
		for (const pollId of polls) await closePoll(chair, pollId, `${tag}-end`).catch(() => {});
		await unpin(moderator, tag).catch(() => {});
		await setHubClock(EVE);
		await organiser.emitWithAck('announcement:withdraw', {
			clientId: `${tag}-withdraw`,
			eventId: E,
			announcementId
		});
		await setHubClock(DAY1_1100);
		chair.close();
		moderator.close();
		organiser.close();
	}
	expect(errors).toEqual([]);
}

/** Opens the Plenary screen in `lang` (with `also` as its second language), the localhost banner shown or not. */
async function openScreen(screen: Page, pollId: string, lang: Lang, also: Lang | null, banner: boolean) {
	// Hidden once, the warning stays hidden on this browser: a view with the banner asks for it again.
	if (banner) await forgetLoopbackWarningHidden(screen);
	await screen.goto(`/screen/plenary?lang=${lang}&also=${also ?? ''}`);
	if (!banner) await hideLoopbackWarning(screen);
	else await expect(screen.getByTestId('screen-loopback-warning')).toBeVisible();
	await expect(screen.locator(`[data-testid=screen-poll][data-poll-id=${pollId}]`)).toBeVisible();
}

test('at 1024×768, with the longest pinned question, an announcement and a second language, an unrevealed poll’s twelve longest choices stay at 0.68 of the base type or more, whole, the note under them no larger than they are', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(180_000);
	const run = Date.now();
	await crowdedScreen(baseURL!, staffPage, `fit-1024-${run}`, async ({ screen, chair, polls }) => {
		for (const [lang, also, banner] of [
			['fr', 'ur', false],
			['en', null, true],
			['ur', 'ar', false],
			['ar', 'en', true]
		] as const) {
			const choices = lang === 'fr' ? 'en' : lang;
			const pollId = await createPoll(chair, `fit-1024-${run}-${lang}`, {
				type: 'single',
				question: question160(lang),
				options: twelve(choices),
				maxChoices: null
			});
			polls.push(pollId);
			await transition(chair, pollId, `fit-1024-${run}`, 'open');
			await openScreen(screen, pollId, lang, also, banner);
			const size = { width: 1024, height: 768 };
			await settle(screen, size);
			await settleFit(screen);
			const where = `choices ${lang}+${also ?? '-'}${banner ? ' (banner)' : ''} 1024x768`;
			await screen.screenshot({
				path: `test-results/screenshots/hall-screen-crowded-choices-${lang}-${also ?? 'none'}-1024x768.png`
			});
			expect.soft(await layoutProblems(screen), where).toEqual([]);
			const seen = await pollLabels(screen);
			expect(seen.labels).toHaveLength(12);
			for (const [i, l] of seen.labels.entries()) {
				const at = `${where}: choice ${i + 1} at ${l.px.toFixed(2)} px, base ${seen.base.toFixed(2)} px`;
				expect.soft(l.px / seen.base, at).toBeGreaterThanOrEqual(0.68);
				expect.soft(l.whole, `${at} is cut`).toBe(true);
				expect.soft(l.inside, `${at} is off the screen`).toBe(true);
			}
			// "Results appear when the chair reveals them", in both languages: no larger than a choice, on one line.
			const hint = seen.hint!;
			const smallest = Math.min(...seen.labels.map((l) => l.px));
			expect.soft(hint.px, `${where}: the note at ${hint.px} px`).toBeLessThanOrEqual(smallest);
			expect.soft(hint.height, `${where}: the note takes more than a line`).toBeLessThan(hint.px * 2.6);
			expect.soft(hint.inside, `${where}: the note is off the screen`).toBe(true);
			await closePoll(chair, pollId, `fit-1024-${run}`);
		}
	});
});

test('at 1280×720, 1920×1080 and 3840×2160, an open poll’s twelve longest choices are read whole (never cut to one line), and its results’ labels keep two lines, at 0.68 of the base type or more, beside the longest pinned question and an announcement', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const run = Date.now();
	await crowdedScreen(baseURL!, staffPage, `fit-wide-${run}`, async ({ screen, chair, polls }) => {
		for (const [lang, also, banner] of [
			['fr', 'ur', false],
			['ur', 'ar', false],
			['en', null, true]
		] as const) {
			const choices = lang === 'fr' ? 'en' : lang;
			const pollId = await createPoll(chair, `fit-wide-${run}-${lang}`, {
				type: 'single',
				question: question160(lang),
				options: twelve(choices),
				maxChoices: null
			});
			polls.push(pollId);
			await transition(chair, pollId, `fit-wide-${run}`, 'open');
			await openScreen(screen, pollId, lang, also, banner);
			for (const revealed of [false, true]) {
				if (revealed) {
					await revealToAll(chair, pollId, `fit-wide-${run}`);
					await voteFromNewPhone(baseURL!, pollId, `fit-wide-${run}-vote-${pollId}`, { choice: 'o1' });
					await expect(screen.getByTestId('poll-results')).toBeVisible();
				}
				for (const size of SIZES.filter((s) => s.width !== 1024)) {
					await settle(screen, size);
					await settleFit(screen);
					const what = revealed ? 'results' : 'choices';
					const where = `${what} ${lang}+${also ?? '-'}${banner ? ' (banner)' : ''} ${size.width}x${size.height}`;
					await screen.screenshot({
						path: `test-results/screenshots/hall-screen-crowded-${what}-${lang}-${also ?? 'none'}-${size.width}x${size.height}.png`
					});
					expect.soft(await layoutProblems(screen), where).toEqual([]);
					const seen = await pollLabels(screen);
					expect(seen.labels).toHaveLength(12);
					for (const [i, l] of seen.labels.entries()) {
						const at = `${where}: ${what.slice(0, -1)} ${i + 1} (${l.text}…) at ${l.px.toFixed(2)} px, base ${seen.base.toFixed(2)} px`;
						expect.soft(l.px / seen.base, at).toBeGreaterThanOrEqual(0.68);
						expect.soft(l.clamp, `${at}: cut to one line`).not.toBe('1');
						expect.soft(l.inside, `${at} is off the screen`).toBe(true);
						// The choices the hall votes on are read whole; a result's label may end in "…" after its two lines.
						if (!revealed) expect.soft(l.whole, `${at} is cut`).toBe(true);
					}
				}
			}
			await closePoll(chair, pollId, `fit-wide-${run}`);
			await screen.setViewportSize(SIZES[0]);
		}
	});
});

/**
 * "Next" on the hall screen (label, the next session's time and title) measured: shown, inside the viewport, its time
 * and label whole, its title whole or cut with an ellipsis, its type against the screen's base.
 */
async function nextSeen(screen: Page) {
	return screen.evaluate(() => {
		const base = parseFloat(getComputedStyle(document.querySelector('[data-testid=screen]')!).fontSize);
		const line = document.querySelector<HTMLElement>('[data-testid=screen-next]');
		const box = line?.parentElement;
		if (!line || !box) return null;
		const inside = (el: Element) => {
			const r = el.getBoundingClientRect();
			return (
				r.width > 1 &&
				r.height > 1 &&
				r.left >= -1 &&
				r.top >= -1 &&
				r.right <= window.innerWidth + 1 &&
				r.bottom <= window.innerHeight + 1
			);
		};
		const seen = (el: Element | null) =>
			el ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && inside(el) : false;
		const whole = (el: HTMLElement) =>
			el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1;
		const title = line.querySelector<HTMLElement>('.title')!;
		const time = line.querySelector<HTMLElement>('strong')!;
		const label = box.querySelector<HTMLElement>('.label')!;
		const also = label.querySelector<HTMLElement>('[data-testid=second-language]');
		const cs = getComputedStyle(title);
		return {
			text: (line.textContent ?? '').replace(/\s+/g, ' ').trim(),
			label: (label.textContent ?? '').replace(/\s+/g, ' ').trim(),
			shown: seen(box) && seen(line) && seen(title) && seen(time) && seen(label),
			alsoShown: also
				? seen(also) && also.getBoundingClientRect().right <= label.getBoundingClientRect().right + 1
				: null,
			labelWhole: whole(label),
			timeWhole: whole(time) && time.getBoundingClientRect().width > 1,
			// A title that does not fit is cut with an ellipsis (it is on every phone), never clipped bare.
			titleOk:
				whole(title) ||
				(cs.textOverflow === 'ellipsis' && cs.whiteSpace === 'nowrap') ||
				getComputedStyle(line).webkitLineClamp !== 'none',
			titleWhole: whole(title),
			px: parseFloat(getComputedStyle(line).fontSize),
			base
		};
	});
}

test('with a question pinned and a poll open, “Next” (its time and title, its label in the second language too) stays on the hall screen, inside it, at 1024×768, 1280×720, 1920×1080 and 3840×2160, in English, Urdu, French and Arabic', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const run = Date.now();
	// At 14:30 on day 1 the Plenary Hall's next session is the next day's coffee break, with its day.
	const nextLabel = { en: 'Next', fr: 'À suivre', ur: 'اس کے بعد', ar: 'التالي' };
	await crowdedScreen(baseURL!, staffPage, `next-${run}`, async ({ screen, chair, polls }) => {
		for (const [lang, also, banner] of [
			['en', null, true],
			['ur', 'ar', false],
			['fr', 'ur', false],
			['ar', 'en', true]
		] as const) {
			const choices = lang === 'fr' ? 'en' : lang;
			const pollId = await createPoll(chair, `next-${run}-${lang}`, {
				type: 'single',
				question: question160(lang),
				options: twelve(choices),
				maxChoices: null
			});
			polls.push(pollId);
			await transition(chair, pollId, `next-${run}`, 'open');
			await openScreen(screen, pollId, lang, also, banner);
			await expect(screen.getByTestId('screen-pinned')).toBeVisible();
			// As the hall sees it: the staff controls have faded (about 5 s untouched) and left "Next" their room.
			const settings = screen.getByTestId('screen-settings');
			await expect(settings).toHaveCSS('opacity', '0', { timeout: 9_000 });
			await expect(settings).toHaveClass(/\baway\b/);
			for (const size of [{ width: 1024, height: 768 }, ...SIZES.filter((s) => s.width !== 1024)]) {
				await settle(screen, size);
				await settleFit(screen);
				const where = `${lang}+${also ?? '-'}${banner ? ' (banner)' : ''} ${size.width}x${size.height}`;
				await screen.screenshot({
					path: `test-results/screenshots/hall-screen-next-${lang}-${also ?? 'none'}-${size.width}x${size.height}.png`
				});
				const next = await nextSeen(screen);
				expect(next, `${where}: no "Next" on the screen`).not.toBeNull();
				expect.soft(next!.shown, `${where}: "Next" (${next!.text}) is hidden or off the screen`).toBe(true);
				expect.soft(next!.text, where).toContain('Coffee break');
				expect.soft(next!.label, where).toContain(nextLabel[lang]);
				if (also) {
					expect.soft(next!.label, where).toContain(nextLabel[also]);
					expect.soft(next!.alsoShown, `${where}: "Next" in the second language is cut off`).toBe(true);
				}
				expect.soft(next!.labelWhole, `${where}: the label "${next!.label}" is cut`).toBe(true);
				expect.soft(next!.timeWhole, `${where}: the next session's time is cut`).toBe(true);
				expect.soft(next!.titleOk, `${where}: the next title is clipped without an ellipsis`).toBe(true);
				// "Coffee break" is short: read whole.
				expect.soft(next!.titleWhole, `${where}: "Coffee break" is cut`).toBe(true);
				const at = `${where}: "Next" at ${next!.px.toFixed(2)} px, base ${next!.base.toFixed(2)} px`;
				expect.soft(next!.px / next!.base, at).toBeGreaterThanOrEqual(0.8);
				expect.soft(await layoutProblems(screen), where).toEqual([]);
				// ...and not at the cost of the choices' readable type.
				const seen = await pollLabels(screen);
				expect(seen.labels).toHaveLength(12);
				for (const [i, l] of seen.labels.entries()) {
					const c = `${where}: choice ${i + 1} at ${l.px.toFixed(2)} px, base ${seen.base.toFixed(2)} px`;
					expect.soft(l.px / seen.base, c).toBeGreaterThanOrEqual(0.68);
					expect.soft(l.whole, `${c} is cut`).toBe(true);
					expect.soft(l.inside, `${c} is off the screen`).toBe(true);
				}
			}
			// Someone at the projector moves the mouse: the controls come back beside "Next", whose title is cut shorter
			// (with an ellipsis) but stays, its label and time whole.
			await settle(screen, { width: 1024, height: 768 });
			await screen.mouse.move(500, 400);
			await expect(settings).toHaveCSS('opacity', '1');
			await settleFit(screen);
			const where = `${lang}+${also ?? '-'} 1024x768, controls shown`;
			await screen.screenshot({
				path: `test-results/screenshots/hall-screen-next-${lang}-${also ?? 'none'}-1024x768-controls.png`
			});
			const next = (await nextSeen(screen))!;
			expect.soft(next.shown, `${where}: "Next" is hidden or off the screen`).toBe(true);
			expect.soft(next.labelWhole, `${where}: the label "${next.label}" is cut`).toBe(true);
			expect.soft(next.timeWhole, `${where}: the next session's time is cut`).toBe(true);
			expect.soft(next.titleOk, `${where}: the next title is clipped without an ellipsis`).toBe(true);
			expect.soft(await layoutProblems(screen), where).toEqual([]);
			await closePoll(chair, pollId, `next-${run}`);
			await screen.setViewportSize(SIZES[0]);
		}
	});
});

test('“Next” in the hall screen’s header keeps its label whole, with the staff controls shown and after they go away, at 1024×768, 1280×720, 1366×768 and 1920×1080, in English, Urdu, Arabic and French, with a second language too', async ({
	baseURL,
	staffPage
}) => {
	test.setTimeout(240_000);
	const run = Date.now();
	const sizes = [
		{ width: 1024, height: 768 },
		{ width: 1280, height: 720 },
		{ width: 1366, height: 768 },
		{ width: 1920, height: 1080 }
	];
	await crowdedScreen(baseURL!, staffPage, `next-label-${run}`, async ({ screen }) => {
		for (const [lang, also] of [
			['en', null],
			['ur', null],
			['ar', null],
			['en', 'ur'],
			['ur', 'ar'],
			['ar', 'en'],
			['fr', 'ur']
		] as const) {
			await screen.goto(`/screen/plenary?lang=${lang}&also=${also ?? ''}`);
			await hideLoopbackWarning(screen);
			await expect(screen.getByTestId('screen-next-head')).toBeVisible();
			const settings = screen.getByTestId('screen-settings');
			const label = screen.getByTestId('screen-next-head').locator('.label');
			const measure = async (where: string, shot: string) => {
				await settleFit(screen);
				await screen.screenshot({ path: `test-results/screenshots/hall-screen-next-label-${shot}.png` });
				const seen = await label.evaluate((el) => {
					// The text's own extent against its box, and the box's against the header's other parts.
					const range = document.createRange();
					range.selectNodeContents(el);
					const text = range.getBoundingClientRect();
					const box = el.getBoundingClientRect();
					// The next session's time: its text inside every box that clips it, up to the header, and clear of
					// the staff controls (never under them).
					const time = el.parentElement!.querySelector('[data-testid=screen-next] strong')!;
					const timeRange = document.createRange();
					timeRange.selectNodeContents(time);
					const t = timeRange.getBoundingClientRect();
					let timeWhole = true;
					for (let a: Element | null = time; a && a.tagName !== 'HEADER'; a = a.parentElement) {
						const cs = getComputedStyle(a);
						const r = a.getBoundingClientRect();
						if (cs.overflowX !== 'visible' && (t.left < r.left - 1 || t.right > r.right + 1))
							timeWhole = false;
					}
					const settings = document.querySelector('[data-testid=screen-settings]')!;
					const s = settings.getBoundingClientRect();
					const controls = getComputedStyle(settings).opacity !== '0';
					return {
						text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
						scroll: el.scrollWidth,
						client: el.clientWidth,
						textWidth: text.width,
						boxWidth: box.width,
						timeWhole,
						timeClear: !controls || t.right <= s.left + 1 || t.left >= s.right - 1
					};
				});
				const at = `${where}: the label "${seen.text}" (text ${seen.textWidth.toFixed(1)} px in a ${seen.boxWidth.toFixed(1)} px box)`;
				expect.soft(seen.scroll, `${at} is cut`).toBeLessThanOrEqual(seen.client + 1);
				expect.soft(seen.textWidth, `${at} is cut`).toBeLessThanOrEqual(seen.boxWidth + 1);
				expect.soft(seen.timeWhole, `${where}: the next session's time is cut`).toBe(true);
				expect
					.soft(seen.timeClear, `${where}: the next session's time runs under the staff controls`)
					.toBe(true);
			};
			// After they go away (about 5 s untouched)...
			await expect(settings).toHaveClass(/\baway\b/, { timeout: 9_000 });
			for (const size of sizes) {
				await settle(screen, size);
				const name = `${lang}-${also ?? 'none'}-${size.width}x${size.height}`;
				await measure(`${lang}+${also ?? '-'} ${size.width}x${size.height}, controls away`, `${name}-away`);
			}
			// ...and with them shown: someone at the projector moves the mouse.
			for (const size of sizes) {
				await settle(screen, size);
				await screen.mouse.move(size.width / 2, size.height / 2 + (size.width % 7));
				await expect(settings).toHaveCSS('opacity', '1');
				await expect(settings).not.toHaveClass(/\baway\b/);
				const name = `${lang}-${also ?? 'none'}-${size.width}x${size.height}`;
				await measure(
					`${lang}+${also ?? '-'} ${size.width}x${size.height}, controls shown`,
					`${name}-controls`
				);
			}
		}
	});
});
