import { dateTimeFormat, formatTime } from '$lib/i18n/format';

/** Slot times with Intl in the current locale: "lun. 4 mars 2030, 09:00 – 13:00". */
const DAY: Intl.DateTimeFormatOptions = {
	weekday: 'short',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
};
const day = (date: Date) => dateTimeFormat(DAY).format(date);
const time = (date: Date) => formatTime(date.getTime());

const valid = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** Never throws: a bad timestamp from some other client must not break a page. */
export function formatSlotTime(start: number, end: number): string {
	if (!valid(start) || !valid(end)) return '';
	const from = new Date(start);
	const to = new Date(end);
	if (sameDay(from, to)) {
		return `${day(from)}, ${time(from)} – ${time(to)}`;
	}
	return `${day(from)}, ${time(from)} – ${day(to)}, ${time(to)}`;
}

/** "1 place", "3 places". */
export function seatsText(n: number, suffix = ''): string {
	return `${n} ${n > 1 ? 'places' : 'place'}${suffix && ` ${n > 1 ? `${suffix}s` : suffix}`}`;
}
