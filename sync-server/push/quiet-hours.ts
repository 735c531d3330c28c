/**
 * Quiet hours, in the subscription's own time zone (IANA, through Intl.DateTimeFormat): a push
 * due between `from` and `to` (which may wrap midnight) waits until `to`.
 */
import type { QuietHours } from './subscription-store';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** "HH:MM" (00:00–23:59) as minutes after midnight, or null. */
export function minutesOf(hhmm: string): number | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** Minutes after local midnight at `now` in `timeZone`, with the seconds as a fraction. */
function localMinutes(now: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(new Date(now));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	return get('hour') * 60 + get('minute') + get('second') / 60;
}

/**
 * When a push due at `now` may go: `now` outside quiet hours, else the time they end. Across a
 * change of the clocks the end may come an hour early or late: a push is never lost by it.
 */
export function releaseTime(now: number, quiet: QuietHours | null, timeZone: string): number {
	if (quiet === null) return now;
	const from = minutesOf(quiet.from);
	const to = minutesOf(quiet.to);
	if (from === null || to === null || from === to) return now;
	let local: number;
	try {
		local = localMinutes(now, timeZone);
	} catch {
		return now;
	}
	const inside = from < to ? local >= from && local < to : local >= from || local < to;
	if (!inside) return now;
	const wait = (to - local + DAY_MINUTES) % DAY_MINUTES;
	return now + Math.ceil(wait * MINUTE);
}
