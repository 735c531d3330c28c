/** Weeks by civil date: DST, month and year ends, time zones, and a seeded randomized check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	civilDateOf,
	dateId,
	itemsByDay,
	nextItemWeek,
	parseDateId,
	shiftWeek,
	weekAt,
	weekdayOf,
	weekOf,
	type CivilDate,
	type Weekday
} from './week';

const PARIS = 'Europe/Paris';
const LUX = 'Europe/Luxembourg';
const ids = (days: CivilDate[]) => days.map(dateId);
const at = (iso: string) => Date.parse(iso);

describe('a week', () => {
	it('starts on Monday and holds seven consecutive days', () => {
		// Tuesday 8 December 2026.
		const week = weekOf({ year: 2026, month: 12, day: 8 });
		expect(week.id).toBe('2026-12-07');
		expect(ids(week.days)).toEqual([
			'2026-12-07',
			'2026-12-08',
			'2026-12-09',
			'2026-12-10',
			'2026-12-11',
			'2026-12-12',
			'2026-12-13'
		]);
		expect(week.days.map(weekdayOf)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('may start on another weekday (a locale whose weeks start on Sunday)', () => {
		const week = weekOf({ year: 2026, month: 12, day: 8 }, 7);
		expect(week.id).toBe('2026-12-06');
		expect(weekdayOf(week.days[0]!)).toBe(7);
	});

	it('spans two months and two years', () => {
		const week = weekOf({ year: 2027, month: 1, day: 1 });
		expect(ids(week.days)).toEqual([
			'2026-12-28',
			'2026-12-29',
			'2026-12-30',
			'2026-12-31',
			'2027-01-01',
			'2027-01-02',
			'2027-01-03'
		]);
		expect(shiftWeek(week, 1).id).toBe('2027-01-04');
		expect(shiftWeek(week, -1).id).toBe('2026-12-21');
		// A leap day.
		expect(ids(weekOf({ year: 2028, month: 2, day: 29 }).days)).toContain('2028-02-29');
	});

	it('keeps its Monday across the spring and autumn DST changes (167 and 169 hours long)', () => {
		// Europe: summer time starts Sunday 29 March 2026, ends Sunday 25 October 2026.
		const spring = weekAt(at('2026-03-25T12:00:00Z'), PARIS)!;
		expect(spring.id).toBe('2026-03-23');
		expect(shiftWeek(spring, 1).id).toBe('2026-03-30');
		const autumn = weekAt(at('2026-10-21T12:00:00Z'), LUX)!;
		expect(autumn.id).toBe('2026-10-19');
		expect(shiftWeek(autumn, 1).id).toBe('2026-10-26');
	});
});

describe('what falls on which day', () => {
	const slot = (iso: string, key = iso) => ({ key, start: at(iso) });
	const keysByDay = (days: { items: { key: string }[] }[]) =>
		days.map((d) => d.items.map((i) => i.key));

	it('puts slots on their local day through the spring DST week in Paris', () => {
		const week = weekOf({ year: 2026, month: 3, day: 23 });
		const slots = [
			slot('2026-03-23T08:00:00Z', 'mon 09:00 CET'),
			slot('2026-03-28T23:30:00Z', 'sun 00:30 CET (Saturday in UTC)'),
			slot('2026-03-29T07:00:00Z', 'sun 09:00 CEST'),
			slot('2026-03-29T21:30:00Z', 'sun 23:30 CEST'),
			slot('2026-03-29T22:30:00Z', 'mon 30 00:30: next week'),
			slot('2026-03-22T22:59:00Z', 'sun 22 23:59: last week')
		];
		const days = itemsByDay(week, slots, (s) => s.start, PARIS);
		expect(keysByDay(days)).toEqual([
			['mon 09:00 CET'],
			[],
			[],
			[],
			[],
			[],
			['sun 00:30 CET (Saturday in UTC)', 'sun 09:00 CEST', 'sun 23:30 CEST']
		]);
	});

	it('puts slots on their local day through the autumn DST night in Luxembourg', () => {
		const week = weekOf({ year: 2026, month: 10, day: 19 });
		// 02:30 happens twice on 25 October: once in CEST (00:30Z), once in CET (01:30Z).
		const slots = [
			slot('2026-10-25T00:30:00Z', 'first 02:30'),
			slot('2026-10-25T01:30:00Z', 'second 02:30')
		];
		const days = itemsByDay(week, slots, (s) => s.start, LUX);
		expect(days[6]!.items.map((s) => s.key)).toEqual(['first 02:30', 'second 02:30']);
	});

	it('reads the same instant on different days in different zones', () => {
		const late = at('2026-12-07T23:30:00Z');
		expect(civilDateOf(late, LUX)).toEqual({ year: 2026, month: 12, day: 8 });
		expect(civilDateOf(late, 'America/New_York')).toEqual({ year: 2026, month: 12, day: 7 });
		expect(civilDateOf(late, 'Pacific/Kiritimati')).toEqual({ year: 2026, month: 12, day: 8 });
	});

	it('sorts each day by time and skips broken times without throwing', () => {
		const week = weekOf({ year: 2026, month: 12, day: 7 });
		const days = itemsByDay(
			week,
			[
				slot('2026-12-07T13:00:00Z', 'afternoon'),
				{ key: 'NaN', start: Number.NaN },
				{ key: 'huge', start: 9e15 },
				slot('2026-12-07T08:00:00Z', 'morning')
			],
			(s) => s.start,
			LUX
		);
		expect(days[0]!.items.map((s) => s.key)).toEqual(['morning', 'afternoon']);
		expect(days.flatMap((d) => d.items)).toHaveLength(2);
	});

	it('finds the week of the next slot ahead', () => {
		const slots = [slot('2026-12-01T08:00:00Z'), slot('2027-01-05T08:00:00Z')];
		const from = at('2026-12-08T00:00:00Z');
		expect(nextItemWeek(slots, (s) => s.start, from, LUX)?.id).toBe('2027-01-04');
		expect(nextItemWeek(slots, (s) => s.start, at('2027-02-01T00:00:00Z'), LUX)).toBeNull();
	});

	it('reads only real dates from a week id', () => {
		expect(parseDateId('2026-12-07')).toEqual({ year: 2026, month: 12, day: 7 });
		for (const bad of ['2026-02-30', '2026-13-01', '07/12/2026', '', '0000-01-01']) {
			expect(parseDateId(bad)).toBeNull();
		}
	});
});

/**
 * Random instants from 1990 to 2100 in zones with DST, half-hour and 45-minute offsets, and a
 * zone that skipped a whole day (Samoa, 30 December 2011). Replay with WEEK_SEED=<printed seed>.
 */
describe('weeks under random instants and zones (seeded)', () => {
	const ZONES = [
		LUX,
		PARIS,
		'America/New_York',
		'America/Santiago',
		'Asia/Kolkata',
		'Asia/Kathmandu',
		'Australia/Lord_Howe',
		'Pacific/Chatham',
		'Pacific/Apia',
		'UTC'
	];
	/** Swedish writes dates as 2026-12-07: the same day, read without our parts parsing. */
	const swedishFormats = new Map<string, Intl.DateTimeFormat>();
	const swedish = (z: string) => {
		let format = swedishFormats.get(z);
		if (!format)
			swedishFormats.set(z, (format = new Intl.DateTimeFormat('sv-SE', { timeZone: z })));
		return format;
	};
	const seed = process.env.WEEK_SEED;
	const options = { numRuns: 400, ...(seed ? { seed: Number(seed) } : {}) };
	const instant = fc.integer({ min: at('1990-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') });
	const zone = fc.constantFrom(...ZONES);
	const firstDay = fc.constantFrom<Weekday>(1, 7);

	it('puts every instant in one week that holds its local day, and weeks chain', () => {
		fc.assert(
			fc.property(instant, zone, firstDay, fc.integer({ min: -60, max: 60 }), (t, z, first, n) => {
				const week = weekAt(t, z, first)!;
				const local = civilDateOf(t, z)!;
				// An independent reading of the same local day (another Intl path).
				expect(dateId(local)).toBe(swedish(z).format(t));
				expect(ids(week.days)).toContain(dateId(local));
				expect(weekdayOf(week.days[0]!)).toBe(first);
				week.days.forEach((d, i) => expect(dateId(d)).toBe(dateId(addDays(week.days[0]!, i))));
				expect(shiftWeek(shiftWeek(week, n), -n).id).toBe(week.id);
				expect(shiftWeek(week, 1).id).toBe(dateId(addDays(week.days[6]!, 1)));
			}),
			options
		);
	}, 60_000);

	it('places every slot in exactly one day of the weeks around it', () => {
		fc.assert(
			fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), zone, (starts, z) => {
				const items = starts.map((start, i) => ({ key: String(i), start }));
				const seen = new Map<string, number>();
				for (const item of items) {
					// The item's own week and its neighbours: only its own day may hold it.
					const own = weekAt(item.start, z)!;
					for (const week of [shiftWeek(own, -1), own, shiftWeek(own, 1)]) {
						for (const day of itemsByDay(week, [item], (s) => s.start, z)) {
							if (day.items.length === 0) continue;
							expect(dateId(day.date)).toBe(dateId(civilDateOf(item.start, z)!));
							seen.set(item.key, (seen.get(item.key) ?? 0) + 1);
						}
					}
				}
				expect([...seen.values()]).toEqual(items.map(() => 1));
			}),
			{ ...options, numRuns: 150 }
		);
	}, 60_000);
});
