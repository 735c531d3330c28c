/**
 * Weeks of a calendar, by civil date (the wall-calendar day in one time zone), never by adding
 * 7 × 24 h: across a DST change a week is 167 or 169 hours, and a slot at 09:00 must stay on its
 * Monday. A slot belongs to the day its start falls on in the zone (a slot past midnight shows on
 * its first day). Pure: the zone is an IANA name (undefined: the device's own), read through Intl.
 */

/** A day on the wall calendar: month 1–12. */
export interface CivilDate {
	year: number;
	month: number;
	day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface Week {
	/** Its seven days, from the week's first weekday. */
	days: CivilDate[];
	/** "2026-12-07": the first day, what a page keeps to say which week it shows. */
	id: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TIME = 8.64e15;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string | undefined): Intl.DateTimeFormat {
	const key = zone ?? '';
	let format = partsFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			calendar: 'gregory',
			numberingSystem: 'latn'
		});
		partsFormats.set(key, format);
	}
	return format;
}

/** The day `time` falls on in `zone`; null for a time Date cannot hold (bad data from a peer). */
export function civilDateOf(time: number, zone?: string): CivilDate | null {
	if (!Number.isFinite(time) || Math.abs(time) > MAX_TIME) return null;
	let year = 0;
	let month = 0;
	let day = 0;
	for (const part of partsFormat(zone).formatToParts(time)) {
		if (part.type === 'year') year = Number(part.value);
		else if (part.type === 'month') month = Number(part.value);
		else if (part.type === 'day') day = Number(part.value);
	}
	// en-US writes years before 1 as "1 BC"-style eras; those never hold a slot.
	return year > 0 && month > 0 && day > 0 ? { year, month, day } : null;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian): day arithmetic without zones. */
const dayNumber = (d: CivilDate) => Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);

function fromDayNumber(n: number): CivilDate {
	const date = new Date(n * DAY_MS);
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
	return fromDayNumber(dayNumber(date) + days);
}

export function weekdayOf(date: CivilDate): Weekday {
	const sunday0 = new Date(dayNumber(date) * DAY_MS).getUTCDay();
	return (sunday0 === 0 ? 7 : sunday0) as Weekday;
}

export function sameDate(a: CivilDate, b: CivilDate): boolean {
	return a.year === b.year && a.month === b.month && a.day === b.day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-07" */
export function dateId(date: CivilDate): string {
	return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** The date of "2026-12-07"; null for anything else (a tampered URL or storage). */
export function parseDateId(id: string): CivilDate | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(id);
	if (!match) return null;
	const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
	return date.year > 0 && sameDate(fromDayNumber(dayNumber(date)), date) ? date : null;
}

/** The week holding `date`, starting on `firstDay` (Monday in French and British English). */
export function weekOf(date: CivilDate, firstDay: Weekday = 1): Week {
	const back = (weekdayOf(date) - firstDay + 7) % 7;
	const first = addDays(date, -back);
	const days = Array.from({ length: 7 }, (_, i) => addDays(first, i));
	return { days, id: dateId(first) };
}

/** The week holding the instant `time` in `zone`; null for a time Date cannot hold. */
export function weekAt(time: number, zone?: string, firstDay: Weekday = 1): Week | null {
	const date = civilDateOf(time, zone);
	return date ? weekOf(date, firstDay) : null;
}

/** The week `weeks` weeks after (negative: before) `week`. */
export function shiftWeek(week: Week, weeks: number): Week {
	const first = week.days[0]!;
	return weekOf(addDays(first, 7 * weeks), weekdayOf(first));
}

export interface WeekDay<T> {
	date: CivilDate;
	/** What starts that day, by start time. */
	items: T[];
}

/**
 * The week's days, each with the items that start on it in `zone`, in time order; items of
 * other weeks (or with a broken start) are left out.
 */
export function itemsByDay<T>(
	week: Week,
	items: Iterable<T>,
	startOf: (item: T) => number,
	zone?: string
): WeekDay<T>[] {
	const first = dayNumber(week.days[0]!);
	const days: WeekDay<T>[] = week.days.map((date) => ({ date, items: [] }));
	for (const item of items) {
		const date = civilDateOf(startOf(item), zone);
		if (!date) continue;
		const index = dayNumber(date) - first;
		if (index >= 0 && index < 7) days[index]!.items.push(item);
	}
	for (const day of days) day.items.sort((a, b) => startOf(a) - startOf(b));
	return days;
}

/**
 * The first week holding an item at or after `from`: where "Prochain créneau" leads when the
 * week shown is empty. Null when nothing is ahead.
 */
export function nextItemWeek<T>(
	items: Iterable<T>,
	startOf: (item: T) => number,
	from: number,
	zone?: string,
	firstDay: Weekday = 1
): Week | null {
	let next = Infinity;
	for (const item of items) {
		const start = startOf(item);
		if (start >= from && start < next) next = start;
	}
	return next === Infinity ? null : weekAt(next, zone, firstDay);
}
