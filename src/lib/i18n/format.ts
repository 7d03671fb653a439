import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { dayKey } from '$lib/agenda/time';
import { isolate } from './bidi';

/**
 * Dates, times, numbers and percentages in the reader's language, with Intl: every page formats through here. Digits
 * are the locale's CLDR default (not forced either way); each function takes an explicit locale for the hall
 * screen's second language and defaults to the page's.
 */

/** The Intl locale of a UI language. Dais's English is British (programme, organiser), so are its dates. */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr', ur: 'ur', ar: 'ar' };
export const intlLocale = (locale: Locale = getLocale()) => INTL_LOCALE[locale] ?? locale;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions) {
	const key = locale + JSON.stringify(options);
	let f = dateFormats.get(key);
	if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
	return f;
}

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}) {
	const key = locale + JSON.stringify(options);
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(intlLocale(locale), options)));
	return f;
}

/**
 * Hours and minutes on a 24-hour clock in every language ("09:30", "13:25"), in the language's own digits: a
 * conference programme keeps one style of time. Urdu's and Arabic's CLDR default is a 12-hour clock ("11:10 AM –
 * 12:40 PM", "11:10 ص – 12:40 م"), twice as wide as English's "11:10–12:40", and it cut the hall screen's title.
 * 'h23', not hour12: false, which some engines resolve to 'h24' ("24:30" half an hour after midnight).
 */
const HOUR_MINUTE = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
/**
 * A date or time with letters in it ("منگل، 8 دسمبر", "Tue 8 Dec") is isolated, so it reads in the order
 * of its own script wherever it stands; digits alone ("09:30–10:15") take the direction of the text around them.
 */
const bidiSafe = (text: string) => (/\p{L}/u.test(text) ? isolate(text) : text);

/** "09:30", "13:25" in every language: the wall-clock time of an instant in a zone. */
export const clock = (t: number, timeZone: string, locale: Locale = getLocale()) =>
	bidiSafe(dateFormat(locale, { timeZone, ...HOUR_MINUTE }).format(t));

/**
 * "09:30–10:15" (en), "09:30 – 10:15" (fr): a start and an end as the language writes a time range. A range over
 * midnight is times only, the days it runs over after it ("23:25–00:55 (+1)"): Intl would print both dates
 * ("04/12/2026, 23:25 – 05/12/2026, 00:55"),
 * too wide for a phone's card or a screen's line.
 */
export function timeRange(start: number, end: number, timeZone: string, locale: Locale = getLocale()) {
	const f = dateFormat(locale, { timeZone, ...HOUR_MINUTE });
	const days = Math.round((noon(dayKey(end, timeZone)) - noon(dayKey(start, timeZone))) / 86_400_000);
	if (days > 0)
		return bidiSafe(
			`${f.format(start)}${rangeSeparator(locale)}${f.format(end)}\u00A0(\u2066+${days}\u2069)`
		);
	return bidiSafe(f.formatRange(start, end));
}

/**
 * What the language puts between a range's two times ("–" in English, " – " in French), so that a range over midnight
 * is written as the others on its page.
 */
function rangeSeparator(locale: Locale) {
	const parts = dateFormat(locale, { timeZone: 'UTC', ...HOUR_MINUTE }).formatRangeToParts(
		Date.UTC(2026, 0, 1, 9),
		Date.UTC(2026, 0, 1, 10)
	);
	return parts.find((p) => p.source === 'shared' && p.type === 'literal')?.value ?? '–';
}

const DAY = { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' } as const;
const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);

/** "Tue 8 Dec", "mar. 8 déc.", "منگل، 8 دسمبر" for a day key ("2026-12-08"). */
export const dayLabel = (day: string, locale: Locale = getLocale()) =>
	bidiSafe(dateFormat(locale, DAY).format(noon(day)));

/** "8–9 Dec 2026": the days an event runs, from two day keys. */
export const dayRange = (first: string, last: string, locale: Locale = getLocale()) =>
	bidiSafe(
		dateFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).formatRange(
			noon(first),
			noon(last)
		)
	);

const TIME_PARTS = new Set<Intl.DateTimeFormatPartTypes>(['hour', 'minute', 'dayPeriod']);

/**
 * "Tue 8 Dec, 09:30": an instant on another day than today, in a zone. A time with letters would be isolated inside
 * the date as well (in Urdu the date's letters make the whole right-to-left).
 */
export function dayAndClock(t: number, timeZone: string, locale: Locale = getLocale()) {
	const parts = dateFormat(locale, { ...DAY, timeZone, ...HOUR_MINUTE }).formatToParts(t);
	const first = parts.findIndex((p) => TIME_PARTS.has(p.type));
	const last = parts.findLastIndex((p) => TIME_PARTS.has(p.type));
	const text = (from: number, to: number) =>
		parts
			.slice(from, to)
			.map((p) => p.value)
			.join('');
	if (first < 0) return bidiSafe(text(0, parts.length));
	return bidiSafe(text(0, first) + bidiSafe(text(first, last + 1)) + text(last + 1, parts.length));
}

/** "1,234" (en), "1 234" (fr). */
export const formatNumber = (n: number, locale: Locale = getLocale()) => numberFormat(locale).format(n);

/** "3.4" (en), "3,4" (fr): a mean with one decimal. */
export const formatDecimal = (n: number, locale: Locale = getLocale()) =>
	numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/** "42%" (en), "42 %" (fr), "42‎%‎" (ar) for a whole percentage 0..100. */
export const formatPercent = (whole: number, locale: Locale = getLocale()) =>
	numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(whole / 100);

/** "15 minutes", "2 hours" (ar "ساعتان"): a length of time in whole minutes, in hours when it is whole hours. */
export function formatDuration(minutes: number, locale: Locale = getLocale()) {
	const hours = minutes % 60 === 0;
	return numberFormat(locale, {
		style: 'unit',
		unit: hours ? 'hour' : 'minute',
		unitDisplay: 'long'
	}).format(hours ? minutes / 60 : minutes);
}

/** "1:05" for 65 seconds, in the language's digits: a countdown. */
export function countdown(seconds: number, locale: Locale = getLocale()) {
	const s = Math.max(0, Math.round(seconds));
	const min = numberFormat(locale, { useGrouping: false }).format(Math.floor(s / 60));
	const sec = numberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }).format(s % 60);
	return `${min}:${sec}`;
}

/** What an event needs for naming its time: its zone, its city, and optional names of its time per language. */
export interface EventTimeInfo {
	timezone: string;
	city: string;
	timeZoneNames?: Record<string, string>;
}

/**
 * The event's time as people say it: "Islamabad time", "heure d’Islamabad". The event file may name it per language
 * (`timeZoneNames`); otherwise it is made from the city (or, without one, the zone's own city, "Karachi").
 */
export function eventTimeName(event: EventTimeInfo, locale: Locale = getLocale()): string {
	const named = event.timeZoneNames?.[locale] ?? event.timeZoneNames?.[locale.split('-')[0]];
	if (named) return named;
	const city = event.city.trim() || (event.timezone.split('/').pop() ?? event.timezone).replace(/_/g, ' ');
	return m.event_time_of_city({ city }, { locale });
}
