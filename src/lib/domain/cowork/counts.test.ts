/**
 * Counts that must agree (issue 17): what a slot's card says is free is what the rules count, and
 * a guest cancellation the views ignore is ignored by every command too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RuleError } from '../errors';
import { FAKE_SEALED as SEALED, memberId } from '../test-helpers';
import * as bookings from './booking-commands';
import { countsAsGuestCancel } from './booking-state';
import * as spaces from './space-commands';
import { readCowork } from './view';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8);
const START = NOW + 48 * HOUR;
const END = START + 4 * HOUR;
const host = memberId('host');
const [ana, bob, cleo] = ['ana', 'bob', 'cleo'].map(memberId) as [string, string, string];

let doc: Y.Doc;
let slot: string;

function openSlot(seats: number): string {
	const space = spaces.createSpace(
		doc,
		host,
		{
			title: 'Bureau au calme',
			description: '',
			city: 'Lyon',
			neighbourhood: '',
			seats: 4,
			amenities: [],
			workMode: 'silent',
			houseRules: '',
			autoAccept: false
		},
		SEALED,
		NOW
	);
	const input = { start: START, end: END, seats, deadline: null, repeatWeeks: 0 };
	return spaces.createSlots(doc, host, space, input, NOW)[0]!;
}

const slotState = (d = doc, at = NOW) => readCowork(d, at).slots.get(slot)!;
const status = (key: string, at = NOW, d = doc) => slotState(d, at).bookings.get(key)?.status;

beforeEach(() => {
	doc = new Y.Doc();
	slot = openSlot(2);
});

describe('free seats', () => {
	it('a pending request that holds every seat leaves none free, as the next guest is told', () => {
		bookings.requestBooking(doc, ana, slot, 2, '', NOW);
		const b = bookings.requestBooking(doc, bob, slot, 1, '', NOW + 1);
		expect(status(b)).toBe('waitlisted');
		// The card reads freeSeats: it must not say "2 places libres sur 2" next to "complet".
		expect(slotState().freeSeats).toBe(0);
	});

	it('counts confirmed seats and pending holds, and frees them when a request is declined', () => {
		const a = bookings.requestBooking(doc, ana, slot, 1, '', NOW);
		expect(slotState().freeSeats).toBe(1);
		bookings.decide(doc, host, 'phone', slot, [{ bookingKey: a, decision: 'confirmed' }], NOW);
		expect(slotState().freeSeats).toBe(1);
		const c = bookings.requestBooking(doc, cleo, slot, 1, '', NOW + 1);
		expect(slotState().freeSeats).toBe(0);
		bookings.decide(doc, host, 'phone', slot, [{ bookingKey: c, decision: 'declined' }], NOW);
		expect(slotState().freeSeats).toBe(1);
	});
});

describe('a guest cancellation dated after the slot’s end', () => {
	it('is one predicate: before the end counts, at or after the end does not', () => {
		expect(countsAsGuestCancel({ end: END }, { reason: 'x', at: END - 1 })).toBe(true);
		expect(countsAsGuestCancel({ end: END }, { reason: 'x', at: END })).toBe(false);
		expect(countsAsGuestCancel({ end: END }, null)).toBe(false);
	});

	it('never becomes a released seat on the host’s device', () => {
		const a = bookings.requestBooking(doc, ana, slot, 1, '', NOW);
		const b = bookings.requestBooking(doc, bob, slot, 1, '', NOW + 1);
		bookings.decide(doc, host, 'phone', slot, [{ bookingKey: a, decision: 'confirmed' }], NOW);
		// Written by hand under the guest's own key, as a hostile client would (the relay accepts it).
		const raw = doc.getMap('bookings').get(a) as object;
		doc.getMap('bookings').set(a, { ...raw, cancelled: { reason: 'après coup', at: END + 1 } });
		expect(status(a, END + HOUR)).toBe('confirmed');
		// The host's next decision, on another booking, must not release A's seat.
		bookings.decide(doc, host, 'phone', slot, [{ bookingKey: b, decision: 'confirmed' }], NOW);
		expect(status(a, END + HOUR)).toBe('confirmed');
	});

	it('cancelBooking refuses when this device does not have the slot, rather than skipping the check', () => {
		const a = bookings.requestBooking(doc, ana, slot, 1, '', NOW);
		// The guest's other phone got its own request but not (yet) the host's slot.
		const phone = new Y.Doc();
		phone.getMap('bookings').set(a, doc.getMap('bookings').get(a));
		expect(() => bookings.cancelBooking(phone, ana, a, 'empêchement', END + 1)).toThrow(RuleError);
		expect((phone.getMap('bookings').get(a) as { cancelled: unknown }).cancelled).toBeNull();
	});
});
