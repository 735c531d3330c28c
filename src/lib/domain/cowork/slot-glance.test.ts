/** A slot at a glance, through the real commands on a doc: free seats, full, waitlist, mine. */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FAKE_SEALED as SEALED, memberId } from '../test-helpers';
import * as bookings from './booking-commands';
import { slotGlance, myStatusOn } from './slot-glance';
import * as spaces from './space-commands';
import { readCowork } from './view';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 8);
const START = NOW + 48 * HOUR;
const host = memberId('host');
const [ana, bob, cleo] = ['ana', 'bob', 'cleo'].map(memberId) as [string, string, string];

let doc: Y.Doc;
let slot: string;

beforeEach(() => {
	doc = new Y.Doc();
	const space = spaces.createSpace(
		doc,
		host,
		{
			title: 'Salon',
			description: '',
			city: 'Luxembourg',
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
	[slot] = spaces.createSlots(
		doc,
		host,
		space,
		{ start: START, end: START + 4 * HOUR, seats: 2, deadline: null, repeatWeeks: 0 },
		NOW
	) as [string];
});

const view = (now = NOW) => readCowork(doc, now);
const glance = (now = NOW) => slotGlance(view(now).slots.get(slot)!, now);
const mine = (who: string) => {
	const v = view();
	return myStatusOn(v.slots.get(slot)!, v.bookings.values(), who);
};
const request = (guest: string, seats = 1, at = NOW) =>
	bookings.requestBooking(doc, guest, slot, seats, '', at);

describe('a slot at a glance', () => {
	it('counts the free seats the list shows, and a waitlist once full', () => {
		const state = view().slots.get(slot)!;
		expect(glance()).toEqual({ kind: 'free', free: state.freeSeats });
		expect(glance()).toEqual({ kind: 'free', free: 2 });
		request(ana);
		// A pending request holds its seat against new guests, as the list's card says.
		expect(glance()).toEqual({ kind: 'free', free: view().slots.get(slot)!.freeSeats });
		request(bob, 1, NOW + 1);
		expect(glance()).toEqual({ kind: 'full', waitlisted: 0 });
		request(cleo, 1, NOW + 2);
		expect(glance()).toEqual({ kind: 'full', waitlisted: 1 });
	});

	it('gives the seat back when a request is declined', () => {
		const a = request(ana, 2);
		expect(glance().kind).toBe('full');
		bookings.decide(
			doc,
			host,
			'phone',
			slot,
			[{ bookingKey: a, decision: 'declined', reason: '' }],
			NOW
		);
		expect(glance()).toEqual({ kind: 'free', free: 2 });
	});

	it('says cancelled, and over once the slot ended', () => {
		expect(glance(START + 5 * HOUR)).toEqual({ kind: 'ended' });
		spaces.cancelSlot(doc, host, slot, 'malade', NOW);
		expect(glance()).toEqual({ kind: 'cancelled' });
	});

	it('marks my own booking, live first, and nobody else’s', () => {
		expect(mine(ana)).toBeNull();
		const first = request(ana);
		expect(mine(ana)).toBe('requested');
		expect(mine(bob)).toBeNull();
		bookings.cancelBooking(doc, ana, first, 'empêchée', NOW + 1);
		expect(mine(ana)).toBe('cancelled');
		const second = request(ana, 1, NOW + 2);
		bookings.decide(
			doc,
			host,
			'phone',
			slot,
			[{ bookingKey: second, decision: 'confirmed', reason: '' }],
			NOW + 3
		);
		expect(mine(ana)).toBe('confirmed');
	});
});
