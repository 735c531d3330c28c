/** The booking rules one by one, on a single doc (the property test mixes them at random). */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotAuthorError, RuleError, ValidationError } from '../errors';
import { FAKE_SEALED as SEALED, memberId } from '../test-helpers';
import * as bookings from './booking-commands';
import { LATE_CANCEL_MS, NO_SHOW_WINDOW_MS } from './booking-state';
import * as spaces from './space-commands';
import type { BookingStatus } from './types';
import { overlappingBookings, readCowork } from './view';
import { readBlocks, setBlocked } from '../trust/blocks';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 8);
const START = NOW + 48 * HOUR;
const host = memberId('host');
const [ana, bob, cleo] = ['ana', 'bob', 'cleo'].map(memberId) as [string, string, string];

let doc: Y.Doc;
let slot: string;

function openSlot(seats: number, start = START, deadline: number | null = null): string {
	const space = spaces.createSpace(
		doc,
		host,
		{
			title: 'Bureau au calme',
			description: '',
			city: 'Lyon',
			neighbourhood: 'Croix-Rousse',
			seats: 4,
			amenities: ['wifi'],
			workMode: 'silent',
			houseRules: '',
			autoAccept: false
		},
		SEALED,
		NOW
	);
	const [key] = spaces.createSlots(
		doc,
		host,
		space,
		{ start, end: start + 4 * HOUR, seats, deadline, repeatWeeks: 0 },
		NOW
	);
	return key!;
}

const request = (guest: string, seats = 1, at = NOW) =>
	bookings.requestBooking(doc, guest, slot, seats, '', at);
const decide = (
	bookingKey: string,
	decision: bookings.DecisionChange['decision'],
	at = NOW,
	device = 'phone'
) => bookings.decide(doc, host, device, slot, [{ bookingKey, decision, reason: 'raison' }], at);
const status = (key: string, at = NOW): BookingStatus | undefined =>
	readCowork(doc, at).slots.get(slot)?.bookings.get(key)?.status;

beforeEach(() => {
	doc = new Y.Doc();
	slot = openSlot(2);
});

describe('requests and the waitlist', () => {
	it('requests that fit wait for the host; the rest are waitlisted, and move up when a seat frees', () => {
		const a = request(ana, 1, NOW);
		const b = request(bob, 1, NOW + 1);
		const c = request(cleo, 1, NOW + 2);
		expect([status(a), status(b), status(c)]).toEqual(['requested', 'requested', 'waitlisted']);
		decide(b, 'declined');
		expect(status(c)).toBe('requested');
		expect(status(b)).toBe('declined');
	});

	it('a later small request fits where an earlier big one does not (first fit)', () => {
		const a = request(ana, 2, NOW);
		decide(a, 'confirmed');
		const b = request(bob, 1, NOW + 1);
		expect(status(b)).toBe('waitlisted');
		bookings.cancelBooking(doc, ana, a, 'malade', NOW + 2);
		expect(status(b)).toBe('requested');
	});

	it('unanswered requests expire at the deadline, on every replica the same way', () => {
		slot = openSlot(2, START, START - 2 * HOUR);
		const a = request(ana);
		expect(status(a, START - 2 * HOUR - 1)).toBe('requested');
		expect(status(a, START - 2 * HOUR)).toBe('expired');
		expect(() => decide(a, 'confirmed', START - HOUR)).toThrow(RuleError);
	});

	it('refuses a second active booking on the same slot, a booking of one’s own slot, too many seats', () => {
		request(ana);
		expect(() => request(ana)).toThrow(RuleError);
		expect(() => bookings.requestBooking(doc, host, slot, 1, '', NOW)).toThrow(RuleError);
		expect(() => request(bob, 3)).toThrow(ValidationError);
	});
});

describe('host decisions', () => {
	it('confirmations never exceed the seats; the host must decline or wait', () => {
		const a = request(ana, 2);
		const b = request(bob, 1, NOW + 1);
		decide(a, 'confirmed');
		expect(() => decide(b, 'confirmed')).toThrow(RuleError);
		const state = readCowork(doc, NOW).slots.get(slot)!;
		expect(state.confirmedSeats).toBe(2);
		expect(state.freeSeats).toBe(0);
	});

	it('only the slot host decides', () => {
		const a = request(ana);
		expect(() =>
			bookings.decide(doc, bob, 'x', slot, [{ bookingKey: a, decision: 'confirmed' }], NOW)
		).toThrow(NotAuthorError);
	});

	it('a cancellation less than 24 h before the start of a confirmed seat is late', () => {
		const a = request(ana);
		const b = request(bob, 1, NOW + 1);
		decide(a, 'confirmed');
		decide(b, 'confirmed');
		bookings.cancelBooking(doc, ana, a, 'train raté', START - LATE_CANCEL_MS - 1);
		decide(b, 'cancelled', START - HOUR);
		const states = readCowork(doc, START).slots.get(slot)!.bookings;
		expect(states.get(a)).toMatchObject({ status: 'cancelled', cancelledBy: 'guest', late: false });
		expect(states.get(b)).toMatchObject({ status: 'cancelled', cancelledBy: 'host', late: true });
		expect(states.get(b)?.reason).toBe('raison');
	});

	it('no-show only after the start, only for a confirmed seat', () => {
		const a = request(ana);
		decide(a, 'confirmed');
		expect(() => decide(a, 'no-show', START - 1)).toThrow(RuleError);
		decide(a, 'no-show', START + HOUR);
		expect(status(a, START + HOUR)).toBe('no-show');
	});

	it('cancelling the slot ends every request and seat, with the reason', () => {
		const a = request(ana);
		const b = request(bob, 1, NOW + 1);
		decide(a, 'confirmed');
		spaces.cancelSlot(doc, host, slot, 'dégât des eaux', NOW + HOUR);
		const states = readCowork(doc, NOW + HOUR).slots.get(slot)!.bookings;
		for (const key of [a, b]) {
			expect(states.get(key)).toMatchObject({
				status: 'cancelled',
				cancelledBy: 'host',
				reason: 'dégât des eaux'
			});
		}
	});

	it('a guest who withdraws after a decline is shown as cancelled, not declined', () => {
		const a = request(ana);
		decide(a, 'declined');
		bookings.cancelBooking(doc, ana, a, 'plus besoin', NOW + 1);
		expect(status(a)).toBe('cancelled');
	});

	it('a guest rewriting their confirmed booking with more seats does not take more seats', () => {
		const a = request(ana, 1);
		decide(a, 'confirmed');
		const raw = doc.getMap('bookings').get(a) as Record<string, unknown>;
		doc.getMap('bookings').set(a, { ...raw, seats: 2 });
		const state = readCowork(doc, NOW).slots.get(slot)!;
		expect(state.confirmedSeats).toBe(1);
		expect(state.bookings.get(a)?.seats).toBe(1);
	});
});

describe('two of the host’s devices', () => {
	it('confirming at once beyond capacity: the earlier decision keeps the seat, the slot is flagged', () => {
		slot = openSlot(1);
		const a = request(ana);
		const b = request(bob, 1, NOW + 1);
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
		// Laptop (this doc) confirms Ana; the phone, offline, confirms Bob.
		decide(a, 'confirmed', NOW, 'laptop');
		bookings.decide(phone, host, 'phone', slot, [{ bookingKey: b, decision: 'confirmed' }], NOW);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
		for (const replica of [doc, phone]) {
			const state = readCowork(replica, NOW).slots.get(slot)!;
			expect(state.overCapacity).toBe(true);
			expect(state.confirmedSeats).toBe(1);
			expect(
				[...state.bookings.values()].map((s) => s.status).sort((x, y) => (x < y ? -1 : 1))
			).toEqual(['confirmed', 'over-capacity']);
		}
		// The host acts: cancelling the over-capacity booking clears the warning everywhere.
		const over = [...readCowork(doc, NOW).slots.get(slot)!.bookings.values()].find(
			(s) => s.status === 'over-capacity'
		)!;
		decide(over.bookingKey, 'cancelled', NOW + 1, 'laptop');
		expect(readCowork(doc, NOW + 1).slots.get(slot)!.overCapacity).toBe(false);
	});

	it('once merged, a later decision on either device never reorders the confirmations', () => {
		// The old bug depended on which booking key sorts first: try both guests first.
		for (const [first, second] of [
			[ana, bob],
			[bob, ana]
		] as const) {
			doc = new Y.Doc();
			slot = openSlot(1);
			const x = request(first);
			const y = request(second, 1, NOW + 1);
			const z = request(cleo, 1, NOW + 2);
			const phone = new Y.Doc();
			Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
			decide(x, 'confirmed', NOW, 'laptop');
			bookings.decide(phone, host, 'phone', slot, [{ bookingKey: y, decision: 'confirmed' }], NOW);
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
			Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
			const before = [x, y].map((k) => status(k));
			expect([...before].sort()).toEqual(['confirmed', 'over-capacity']);
			// Each device copies the other's decisions into its own record, deciding on Z.
			bookings.decide(phone, host, 'phone', slot, [{ bookingKey: z, decision: 'declined' }], NOW);
			decide(z, 'declined', NOW, 'laptop');
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
			expect([x, y].map((k) => status(k))).toEqual(before);
		}
	});

	it('a freed seat never lets an earlier, bigger confirmation push out a later one', () => {
		const a = request(ana, 1, NOW);
		const b = request(bob, 2, NOW + 1);
		const c = request(cleo, 1, NOW + 2);
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
		decide(a, 'confirmed', NOW, 'laptop');
		decide(c, 'confirmed', NOW, 'laptop');
		bookings.decide(phone, host, 'phone', slot, [{ bookingKey: b, decision: 'confirmed' }], NOW);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
		const merged = readCowork(doc, NOW).slots.get(slot)!;
		expect(merged.overCapacity).toBe(true);
		const before = status(c);
		bookings.cancelBooking(doc, ana, a, 'empêchement', NOW + 1);
		expect(readCowork(doc, NOW + 1).slots.get(slot)!.confirmedSeats).toBeLessThanOrEqual(2);
		// C gave way when the phones met, and stays behind B once A's seat frees.
		expect([before, status(c, NOW + 1)]).toEqual(['over-capacity', 'over-capacity']);
		expect(status(b, NOW + 1)).toBe('confirmed');
	});

	it('a decline on one device and a confirmation on the other: the confirmation holds', () => {
		const a = request(ana);
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
		decide(a, 'declined', NOW, 'laptop');
		bookings.decide(phone, host, 'phone', slot, [{ bookingKey: a, decision: 'confirmed' }], NOW);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
		expect(status(a)).toBe('confirmed');
	});
});

describe('overlaps', () => {
	it('warns about my active bookings on slots that overlap in time', () => {
		const first = slot;
		request(ana);
		const second = openSlot(2, START + 2 * HOUR);
		const after = openSlot(2, START + 4 * HOUR);
		const view = readCowork(doc, NOW);
		expect(overlappingBookings(view, ana, view.slots.get(second)!.slot)).toHaveLength(1);
		// Touching ends (9–13 then 13–17) do not overlap.
		expect(overlappingBookings(view, ana, view.slots.get(after)!.slot)).toHaveLength(0);
		expect(overlappingBookings(view, bob, view.slots.get(second)!.slot)).toHaveLength(0);
		expect(first).not.toBe(second);
	});
});

describe('slots', () => {
	it('weekly repetition keeps the local time, and refuses slots in the past or too long', () => {
		const space = [...readCowork(doc, NOW).spaces.keys()][0]!;
		const keys = spaces.createSlots(
			doc,
			host,
			space,
			{ start: START, end: START + HOUR, seats: 1, deadline: null, repeatWeeks: 3 },
			NOW
		);
		const starts = keys.map((k) => readCowork(doc, NOW).slots.get(k)!.slot.start);
		expect(starts).toEqual([0, 1, 2, 3].map((w) => spaces.addWeeks(START, w)));
		const bad = (start: number, end: number) => () =>
			spaces.createSlots(
				doc,
				host,
				space,
				{ start, end, seats: 1, deadline: null, repeatWeeks: 0 },
				NOW
			);
		expect(bad(NOW - HOUR, NOW)).toThrow(ValidationError);
		expect(bad(START, START + 25 * HOUR)).toThrow(ValidationError);
		expect(bad(START, START - 1)).toThrow(ValidationError);
	});

	it('a slot claiming another member’s space is ignored and reported', () => {
		const space = [...readCowork(doc, NOW).spaces.keys()][0]!;
		doc.getMap('slots').set(`${bob}:forged`, {
			schemaVersion: 1,
			space,
			start: START,
			end: START + HOUR,
			seats: 1,
			deadline: START,
			seriesId: null,
			cancelled: null,
			createdAt: NOW
		});
		const invalid: { reason: string }[] = [];
		expect(readCowork(doc, NOW, new Set(), invalid as never).slots.has(`${bob}:forged`)).toBe(
			false
		);
		expect(invalid.map((i) => i.reason)).toContain('space of another member');
	});

	it('decisions written by someone else than the slot host are ignored', () => {
		const a = request(ana);
		doc.getMap('rosters').set(`${bob}:forged`, {
			schemaVersion: 1,
			slot,
			seq: 1,
			entries: { [a]: { decision: 'confirmed', seq: 1, at: NOW, seats: 1 } }
		});
		expect(status(a)).toBe('requested');
	});
});

describe('blocks', () => {
	it('a guest the host blocks cannot request, and an earlier request stops counting', () => {
		const a = request(ana);
		setBlocked(doc, host, ana, true, NOW + 1);
		const blocks = readBlocks(doc);
		const view = readCowork(doc, NOW + 1, new Set(), [], (id) => blocks.get(id) ?? new Set());
		expect(view.slots.get(slot)?.bookings.has(a)).toBe(false);
		expect(() => request(bob)).not.toThrow();
		setBlocked(doc, host, cleo, true, NOW + 2);
		expect(() => request(cleo)).toThrow(RuleError);
	});
});

describe('after the slot', () => {
	it('nothing can be cancelled once the slot has ended: the host marks a no-show instead', () => {
		const a = request(ana);
		decide(a, 'confirmed');
		const end = START + 4 * HOUR;
		expect(() => decide(a, 'cancelled', end)).toThrow(RuleError);
		expect(() => bookings.cancelBooking(doc, ana, a, 'trop tard', end)).toThrow(RuleError);
		expect(() => spaces.cancelSlot(doc, host, slot, 'trop tard', end)).toThrow(RuleError);
		decide(a, 'no-show', end);
		expect(status(a, end)).toBe('no-show');
	});

	it('a no-show marked days later, or a guest cancellation dated after the end, is ignored', () => {
		const a = request(ana);
		const b = request(bob, 1, NOW + 1);
		decide(a, 'confirmed');
		decide(b, 'confirmed');
		const end = START + 4 * HOUR;
		expect(() => decide(a, 'no-show', end + NO_SHOW_WINDOW_MS + 1)).toThrow(RuleError);
		// Hand-written records, as a hostile client would send them.
		const rosters = doc.getMap('rosters');
		const [rosterKey] = [...rosters.keys()];
		const roster = rosters.get(rosterKey!) as { entries: Record<string, object> };
		rosters.set(rosterKey!, {
			...roster,
			entries: {
				...roster.entries,
				[a]: { ...roster.entries[a], decision: 'no-show', at: end + NO_SHOW_WINDOW_MS + 1 }
			}
		});
		const raw = doc.getMap('bookings').get(b) as object;
		doc.getMap('bookings').set(b, { ...raw, cancelled: { reason: 'après coup', at: end + 1 } });
		expect([status(a, end + DAY), status(b, end + DAY)]).toEqual(['confirmed', 'confirmed']);
	});
});
