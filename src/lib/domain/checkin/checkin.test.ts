/** At the door (issue 18): check-ins on bookings and engagements, who counts, and what they stop. */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import * as bookings from '../cowork/booking-commands';
import * as spaces from '../cowork/space-commands';
import { readCowork } from '../cowork/view';
import * as engagements from '../engagement/commands';
import { readEngagements } from '../engagement/read';
import { NotAuthorError, RuleError } from '../errors';
import * as help from '../help/commands';
import { hashId, recordKey } from '../ids';
import { FAKE_SEALED, memberId } from '../test-helpers';
import { CHECKIN_OPENS_BEFORE_MS, checkInBooking, checkInEngagement } from './commands';
import { checkinKey } from './read';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8);
const START = NOW + 48 * HOUR;
const END = START + 4 * HOUR;
const AT_DOOR = START + 10 * 60_000;
const [host, guest, other] = ['host', 'guest', 'other'].map(memberId) as [string, string, string];

let doc: Y.Doc;
let slot: string;
let booking: string;

function openSlotWithRequest(): void {
	const space = spaces.createSpace(
		doc,
		host,
		{
			title: 'Bureau au calme',
			description: '',
			city: 'Lyon',
			neighbourhood: '',
			seats: 2,
			amenities: [],
			workMode: 'silent',
			houseRules: '',
			autoAccept: false
		},
		FAKE_SEALED,
		NOW
	);
	[slot] = spaces.createSlots(
		doc,
		host,
		space,
		{ start: START, end: END, seats: 2, deadline: null, repeatWeeks: 0 },
		NOW
	) as [string];
	booking = bookings.requestBooking(doc, guest, slot, 1, '', NOW);
}

const confirm = (d = doc, device = 'phone') =>
	bookings.decide(d, host, device, slot, [{ bookingKey: booking, decision: 'confirmed' }], NOW);
const noShow = (d: Y.Doc, device: string, at = START + HOUR) =>
	bookings.decide(d, host, device, slot, [{ bookingKey: booking, decision: 'no-show' }], at);
const stateOf = (d: Y.Doc, at = AT_DOOR, removed: ReadonlySet<string> = new Set()) =>
	readCowork(d, at, removed).slots.get(slot)?.bookings.get(booking);

/** The updates a sequence of writes makes, each one separately, to replay in any order. */
function recordUpdates(d: Y.Doc, write: () => void): Uint8Array {
	const before = Y.encodeStateVector(d);
	write();
	return Y.encodeStateAsUpdate(d, before);
}

function permutations<T>(items: readonly T[]): T[][] {
	if (items.length <= 1) return [[...items]];
	return items.flatMap((item, i) =>
		permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])
	);
}

beforeEach(() => {
	doc = new Y.Doc();
	openSlotWithRequest();
});

describe('check-in on a booking', () => {
	it('is attested once the host and the guest both checked in, in either order', () => {
		confirm();
		checkInBooking(doc, host, booking, AT_DOOR);
		expect(stateOf(doc)).toMatchObject({
			status: 'confirmed',
			checkins: { host: true, guest: false },
			attested: false
		});
		checkInBooking(doc, guest, booking, AT_DOOR + 1);
		expect(stateOf(doc)).toMatchObject({ checkins: { host: true, guest: true }, attested: true });
	});

	it('an attested booking cannot be marked no-show', () => {
		confirm();
		checkInBooking(doc, guest, booking, AT_DOOR);
		checkInBooking(doc, host, booking, AT_DOOR);
		const refusal = (() => {
			try {
				noShow(doc, 'phone');
			} catch (error) {
				return error;
			}
		})();
		expect(refusal).toBeInstanceOf(RuleError);
		expect((refusal as RuleError).code).toBe('attested');
		// One side alone does not protect it: without the guest's word the host may still say so.
		const oneSided = new Y.Doc();
		Y.applyUpdate(oneSided, Y.encodeStateAsUpdate(doc));
		collection(oneSided, ROOT.checkins).delete(checkinKey(guest, booking));
		noShow(oneSided, 'phone');
		expect(stateOf(oneSided, START + HOUR)?.status).toBe('no-show');
	});

	it('a no-show written offline on another device never stands against the attested arrival, whatever the order', () => {
		confirm();
		const base = Y.encodeStateAsUpdate(doc);
		const tablet = new Y.Doc();
		Y.applyUpdate(tablet, base);
		const parts = [
			recordUpdates(doc, () => checkInBooking(doc, host, booking, AT_DOOR)),
			recordUpdates(doc, () => checkInBooking(doc, guest, booking, AT_DOOR + 5)),
			recordUpdates(tablet, () => noShow(tablet, 'tablet'))
		];
		for (const order of permutations(parts)) {
			const replica = new Y.Doc();
			Y.applyUpdate(replica, base);
			for (const part of order) Y.applyUpdate(replica, part);
			expect(stateOf(replica, START + HOUR)).toMatchObject({ status: 'confirmed', attested: true });
		}
	});

	it('is only for a confirmed booking, around its slot, by its guest or its host', () => {
		expect(() => checkInBooking(doc, guest, booking, AT_DOOR)).toThrow(RuleError);
		confirm();
		expect(() => checkInBooking(doc, other, booking, AT_DOOR)).toThrow(NotAuthorError);
		const tooEarly = START - CHECKIN_OPENS_BEFORE_MS - 1;
		expect(() => checkInBooking(doc, guest, booking, tooEarly)).toThrow(RuleError);
		expect(() => checkInBooking(doc, guest, booking, END)).toThrow(RuleError);
		checkInBooking(doc, guest, booking, START - CHECKIN_OPENS_BEFORE_MS);
		expect(stateOf(doc)?.checkins.guest).toBe(true);
	});

	it('ignores a record by anyone else, and a record under a key that is not its own', () => {
		confirm();
		checkInBooking(doc, host, booking, AT_DOOR);
		// A third member writes "the guest arrived" under their own key: it is not the guest's word.
		collection(doc, ROOT.checkins).set(checkinKey(other, booking), {
			schemaVersion: 1,
			target: booking,
			at: AT_DOOR
		});
		// The guest's key, but for another target's hash: a second, competing copy.
		collection(doc, ROOT.checkins).set(recordKey(guest, `c${hashId('something else')}`), {
			schemaVersion: 1,
			target: booking,
			at: AT_DOOR
		});
		collection(doc, ROOT.checkins).set(checkinKey(guest, 'x'), { target: 12 });
		expect(stateOf(doc)).toMatchObject({ checkins: { host: true, guest: false }, attested: false });
	});

	it('a removed member’s check-in no longer counts', () => {
		confirm();
		checkInBooking(doc, host, booking, AT_DOOR);
		checkInBooking(doc, guest, booking, AT_DOOR);
		expect(stateOf(doc, AT_DOOR, new Set([guest]))?.attested).toBe(false);
	});
});

describe('service rendu on an engagement', () => {
	function accepted() {
		const post = help.createPost(
			doc,
			host,
			{
				kind: 'offer',
				category: 'computing',
				title: 'Aide informatique',
				description: '',
				availability: '',
				area: ''
			},
			1
		);
		const e = engagements.proposeEngagement(doc, guest, post, '', '', 2);
		return e;
	}

	it('is done and attested once both parties said so, and can no longer be disputed', () => {
		const e = accepted();
		expect(() => checkInEngagement(doc, guest, e, 3)).toThrow(RuleError);
		engagements.respond(doc, host, e, 'accepted', '', null, 3);
		expect(() => checkInEngagement(doc, other, e, 4)).toThrow(NotAuthorError);
		checkInEngagement(doc, guest, e, 4);
		expect(readEngagements(doc).get(e)).toMatchObject({ status: 'accepted', attested: false });
		checkInEngagement(doc, host, e, 6);
		expect(readEngagements(doc).get(e)).toMatchObject({
			status: 'done',
			doneAt: 6,
			attested: true,
			checkins: { initiator: true, author: true }
		});
		expect(() => engagements.disputeDone(doc, guest, e, 'non', 7)).toThrow(RuleError);
	});

	it('a dispute written by hand against an attested service does not stand', () => {
		const e = accepted();
		engagements.respond(doc, host, e, 'accepted', '', null, 3);
		engagements.markDone(doc, host, e, 4);
		engagements.disputeDone(doc, guest, e, 'pas venu', 5);
		expect(readEngagements(doc).get(e)?.status).toBe('disputed');
		// Both said "service rendu" at the door (the author's record written by hand: done first).
		collection(doc, ROOT.checkins).set(checkinKey(host, e), { schemaVersion: 1, target: e, at: 6 });
		collection(doc, ROOT.checkins).set(checkinKey(guest, e), {
			schemaVersion: 1,
			target: e,
			at: 6
		});
		expect(readEngagements(doc).get(e)).toMatchObject({ status: 'done', attested: true });
	});

	it('ignores anyone else’s word and a removed party’s, in any order of arrival', () => {
		const e = accepted();
		engagements.respond(doc, host, e, 'accepted', '', null, 3);
		const base = Y.encodeStateAsUpdate(doc);
		const parts = [
			recordUpdates(doc, () => checkInEngagement(doc, guest, e, 4)),
			recordUpdates(doc, () => checkInEngagement(doc, host, e, 5)),
			recordUpdates(doc, () =>
				collection(doc, ROOT.checkins).set(checkinKey(other, e), {
					schemaVersion: 1,
					target: e,
					at: 4
				})
			)
		];
		for (const order of permutations(parts)) {
			const replica = new Y.Doc();
			Y.applyUpdate(replica, base);
			for (const part of order) Y.applyUpdate(replica, part);
			expect(readEngagements(replica).get(e)).toMatchObject({ status: 'done', attested: true });
			const without = readEngagements(replica, [], undefined, new Set([host])).get(e);
			expect(without).toMatchObject({ status: 'accepted', attested: false });
		}
		// The third member's record alone, with one party: never attested.
		const lone = new Y.Doc();
		Y.applyUpdate(lone, base);
		Y.applyUpdate(lone, parts[0]!);
		Y.applyUpdate(lone, parts[2]!);
		expect(readEngagements(lone).get(e)).toMatchObject({ status: 'accepted', attested: false });
	});
});
