import { m } from '$lib/paraglide/messages.js';
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
		return m.booking_slot_time_same_day({ day: day(from), from: time(from), to: time(to) });
	}
	return m.booking_slot_time_days({
		fromDay: day(from),
		from: time(from),
		toDay: day(to),
		to: time(to)
	});
}

/** "1 place", "3 places libres", "2 places confirmées" (plurals in the messages). */
export function seatsText(n: number, kind: 'free' | 'confirmed' | '' = ''): string {
	if (kind === 'free') return m.booking_seats_free({ count: n });
	if (kind === 'confirmed') return m.booking_seats_confirmed({ count: n });
	return m.booking_seats({ count: n });
}
