/**
 * Home coworking through the real relay (DESIGN.md §7): a host confirms offline and the guests
 * learn it once everyone is back, with the address sealed to the confirmed guest only; guests can
 * neither decide about someone else's slot nor touch the host's decisions; two of the host's own
 * devices confirming offline beyond capacity end in the same states on every replica.
 *
 * Every command gets an explicit time, and every view is read at READ_AT: derived states do not
 * depend on the clock of the machine running the tests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROOT } from '../../src/lib/domain/board/schema';
import { decide, requestBooking, rosterKey } from '../../src/lib/domain/cowork/booking-commands';
import type { BookingStatus } from '../../src/lib/domain/cowork/types';
import { readCowork } from '../../src/lib/domain/cowork/view';
import {
	generateEncryptionKeys,
	open,
	seal,
	type Sealed
} from '../../src/lib/domain/identity/sealed';
import { randomId } from '../../src/lib/domain/ids';
import {
	connectClient,
	destroyAllClients,
	fetchDoc,
	randomBoardId,
	randomToken,
	testMember,
	waitFor,
	type SyncClient,
	type TestMember
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';
import {
	ADDRESS,
	HOUR,
	MINUTE,
	READ_AT,
	STREET,
	T0,
	entry,
	hasSlot,
	invalidRecords,
	openSlot,
	roster,
	settled,
	stateVector,
	statuses,
	view,
	who
} from './cowork-fixtures';

describe('cowork through the relay', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess({ direct: true });
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	/** A fresh board on the shared relay: connect members to it, or read what the relay stored. */
	function newBoard() {
		const boardId = randomBoardId();
		const token = randomToken();
		return {
			connect: (member?: TestMember, doc?: Y.Doc) =>
				connectClient(relay, boardId, token, { member, doc }),
			/**
			 * The same device coming back: a new connection (as after a restart of the app), with the
			 * same member and the doc it kept offline.
			 */
			reconnect(client: SyncClient): SyncClient {
				client.destroy();
				return connectClient(relay, boardId, token, { member: client.member, doc: client.doc });
			},
			/** A member who joins now: everything it knows comes from the relay's storage. */
			fetch: () => fetchDoc(relay, boardId, token)
		};
	}

	it('host offline confirms; guest receives the confirmation when both reconnect', async () => {
		const board = newBoard();
		let host = board.connect();
		let g1 = board.connect();
		let g2 = board.connect();
		await settled([host, g1, g2], 'three members connected');
		const hostId = host.member.memberId;
		const [hostKeys, g1Keys, g2Keys] = await Promise.all([
			generateEncryptionKeys(),
			generateEncryptionKeys(),
			generateEncryptionKeys()
		]);

		const { slotKey } = await openSlot(host, hostKeys, 2);
		await waitFor(() => hasSlot(g1, slotKey) && hasSlot(g2, slotKey), 'the slot at both guests');
		const b1 = requestBooking(g1.doc, g1.member.memberId, slotKey, 1, 'Au calme', T0 + MINUTE);
		const b2 = requestBooking(g2.doc, g2.member.memberId, slotKey, 2, 'Pour deux', T0 + 2 * MINUTE);
		await settled([host, g1, g2], 'both requests at the host and acknowledged');
		for (const c of [host, g1, g2]) {
			// One seat taken by G1's request leaves one: G2's two seats wait behind it.
			expect(statuses(c.doc, slotKey, [b1, b2]), who(c)).toEqual(['requested', 'waitlisted']);
		}

		// Everyone goes offline; the host decides on its phone alone.
		for (const c of [host, g1, g2]) c.provider.disconnect();
		expect([host, g1, g2].some((c) => c.provider.wsconnected)).toBe(false);
		const sealedForG1 = await seal(
			hostKeys.privateKey,
			hostKeys.publicKey,
			g1Keys.publicKey,
			b1,
			ADDRESS
		);
		decide(
			host.doc,
			hostId,
			randomId(),
			slotKey,
			[
				{ bookingKey: b1, decision: 'confirmed', sealed: sealedForG1, addressVersion: 1 },
				{ bookingKey: b2, decision: 'declined', reason: 'Il ne reste qu’une place' }
			],
			T0 + HOUR
		);
		expect(statuses(host.doc, slotKey, [b1, b2])).toEqual(['confirmed', 'declined']);
		// Really offline: the relay has none of it yet.
		expect(statuses(await board.fetch(), slotKey, [b1, b2])).toEqual(['requested', 'waitlisted']);

		// The host comes back first, and the relay stores its decisions…
		host = board.reconnect(host);
		await settled([host], 'the host’s offline decisions acknowledged');
		expect(statuses(g1.doc, slotKey, [b1, b2]), 'G1 still offline').toEqual([
			'requested',
			'waitlisted'
		]);
		// …then the guests, on new connections with the docs they kept.
		g1 = board.reconnect(g1);
		g2 = board.reconnect(g2);
		await settled([host, g1, g2], 'everyone back');

		const joiner = await board.fetch();
		const docs = [host.doc, g1.doc, g2.doc, joiner];
		for (const doc of docs) {
			expect(statuses(doc, slotKey, [b1, b2])).toEqual(['confirmed', 'declined']);
			expect(view(doc)).toBe(view(host.doc));
			const slot = readCowork(doc, READ_AT).slots.get(slotKey);
			expect(slot?.confirmedSeats).toBe(1);
			expect(slot?.overCapacity).toBe(false);
		}
		expect(readCowork(g2.doc, READ_AT).slots.get(slotKey)?.bookings.get(b2)?.reason).toBe(
			'Il ne reste qu’une place'
		);

		// The address reached G1 sealed: G1 opens it, the host reads back what it sealed, G2 cannot,
		// and the relay never held it in clear.
		const sealed = readCowork(g1.doc, READ_AT).slots.get(slotKey)?.bookings.get(b1)?.sealed;
		expect(sealed).toBeTruthy();
		const blob = sealed as Sealed;
		expect(await open(g1Keys.privateKey, g1Keys.publicKey, blob, b1)).toBe(ADDRESS);
		expect(await open(hostKeys.privateKey, hostKeys.publicKey, blob, b1)).toBe(ADDRESS);
		expect(await open(g2Keys.privateKey, g2Keys.publicKey, blob, b1)).toBeNull();
		// Bound to G1's booking: the same blob read as if it were G2's does not open either.
		expect(await open(g1Keys.privateKey, g1Keys.publicKey, blob, b2)).toBeNull();
		expect(Buffer.from(Y.encodeStateAsUpdate(joiner)).includes(STREET)).toBe(false);

		for (const c of [host, g1, g2]) expect(c.refusals, who(c)).toEqual([]);
	});

	it('write scopes protect decisions', async () => {
		const board = newBoard();
		const host = board.connect();
		const g1 = board.connect();
		const g2 = board.connect();
		await settled([host, g1, g2], 'three members connected');
		const hostId = host.member.memberId;
		const hostDevice = randomId();
		const { slotKey } = await openSlot(host, await generateEncryptionKeys(), 2);
		await waitFor(() => hasSlot(g1, slotKey) && hasSlot(g2, slotKey), 'the slot at both guests');
		const b1 = requestBooking(g1.doc, g1.member.memberId, slotKey, 1, '', T0 + MINUTE);
		const b2 = requestBooking(g2.doc, g2.member.memberId, slotKey, 1, '', T0 + 2 * MINUTE);
		await waitFor(() => readCowork(host.doc, READ_AT).bookings.size === 2, 'requests at the host');
		decide(
			host.doc,
			hostId,
			hostDevice,
			slotKey,
			[{ bookingKey: b1, decision: 'confirmed' }],
			T0 + HOUR
		);
		await settled([host, g1, g2], 'the host’s confirmation everywhere');
		const hostRosterKey = rosterKey(hostId, slotKey, hostDevice);
		const hostRoster = host.doc.getMap(ROOT.rosters).get(hostRosterKey);
		expect(hostRoster).toBeDefined();
		const decided = view(host.doc);
		for (const c of [host, g1, g2]) {
			expect(statuses(c.doc, slotKey, [b1, b2]), who(c)).toEqual(['confirmed', 'requested']);
		}

		// 1. G2 "confirms" itself in a roster of its own: its key, so the relay stores and forwards
		// it, but the slot is the host's, so no view takes it.
		const ownKey = g2.member.key(randomId());
		g2.doc
			.getMap(ROOT.rosters)
			.set(
				ownKey,
				roster(slotKey, 50, { [b2]: entry('confirmed', 50, 1), [b1]: entry('declined', 51, 1) })
			);
		await settled([host, g1, g2], 'G2’s own roster everywhere');
		expect(g2.refusals).toEqual([]);
		for (const c of [host, g1, g2]) {
			expect(c.doc.getMap(ROOT.rosters).has(ownKey), who(c)).toBe(true);
			expect(view(c.doc), who(c)).toBe(decided);
			expect(invalidRecords(c.doc), who(c)).toEqual([
				{
					collection: ROOT.rosters,
					key: ownKey,
					reason: 'decisions about a slot of another member'
				}
			]);
		}

		// 2. Another device of G2 writes under the host's prefix: it replaces the host's roster and adds
		// one for a made-up host device. The relay refuses the update, the connection stays.
		const forger = board.connect(g2.member);
		await settled([forger], 'the forging device synced');
		const forgedDevice = rosterKey(hostId, slotKey, randomId());
		forger.doc.transact(() => {
			const rosters = forger.doc.getMap(ROOT.rosters);
			const forged = { [b1]: entry('cancelled', 60, 1), [b2]: entry('confirmed', 61, 1) };
			rosters.set(hostRosterKey, roster(slotKey, 61, forged));
			rosters.set(forgedDevice, roster(slotKey, 61, forged));
		});
		await waitFor(() => forger.refusals.length > 0, 'the relay’s refusal of the forged roster');
		expect(forger.refusals.map((r) => r.reason)).toEqual(['foreign-key']);
		// Not vacuous: had it passed, every view would say the host cancelled G1 and took G2.
		expect(statuses(forger.doc, slotKey, [b1, b2])).toEqual(['cancelled', 'confirmed']);

		// 3. A third device of G2 deletes the host's roster (which would un-confirm G1): refused too.
		const eraser = board.connect(g2.member);
		await settled([eraser], 'the erasing device synced');
		eraser.doc.getMap(ROOT.rosters).delete(hostRosterKey);
		await waitFor(() => eraser.refusals.length > 0, 'the relay’s refusal of the deletion');
		expect(eraser.refusals.map((r) => r.reason)).toEqual(['foreign-delete']);
		expect(statuses(eraser.doc, slotKey, [b1, b2])).toEqual(['requested', 'requested']);

		// Refused, so neither stored nor forwarded: the honest replicas and a member joining now hold
		// exactly what the relay stored, and the host's decisions are untouched everywhere.
		for (const c of [forger, eraser]) {
			expect(c.closes, who(c)).toEqual([]);
			expect(c.provider.wsconnected, who(c)).toBe(true);
		}
		const joiner = await board.fetch();
		const stored = stateVector(joiner);
		await waitFor(
			() => [host, g1, g2].every((c) => stateVector(c.doc) === stored),
			'honest replicas at the relay’s state'
		);
		for (const doc of [host.doc, g1.doc, g2.doc, joiner]) {
			expect(statuses(doc, slotKey, [b1, b2])).toEqual(['confirmed', 'requested']);
			expect(view(doc)).toBe(decided);
			expect(doc.getMap(ROOT.rosters).get(hostRosterKey)).toEqual(hostRoster);
			expect(doc.getMap(ROOT.rosters).has(forgedDevice)).toBe(false);
		}
		for (const c of [host, g1, g2]) expect(c.refusals, who(c)).toEqual([]);
	});

	it('two devices of the same host confirm offline beyond capacity', async () => {
		const board = newBoard();
		const hostMember = testMember();
		const hostId = hostMember.memberId;
		// Two phones of one member: two docs, two Yjs client ids, two device ids.
		let phoneA = board.connect(hostMember);
		let phoneB = board.connect(hostMember);
		const g1 = board.connect();
		const g2 = board.connect();
		await settled([phoneA, phoneB, g1, g2], 'four devices connected');
		expect(phoneA.doc.clientID).not.toBe(phoneB.doc.clientID);
		// Fixed so the rule that breaks the tie is known: rosters of equal decision sequence give way
		// in the order of their keys, and phone A's sorts first (booking-state.ts).
		const deviceA = 'AAAAAAAAAAAAAAAAAAAAAA';
		const deviceB = 'BBBBBBBBBBBBBBBBBBBBBB';

		const { slotKey } = await openSlot(phoneA, await generateEncryptionKeys(), 1);
		await waitFor(
			() => [phoneB, g1, g2].every((c) => hasSlot(c, slotKey)),
			'the slot on every device'
		);
		const b1 = requestBooking(g1.doc, g1.member.memberId, slotKey, 1, '', T0 + MINUTE);
		const b2 = requestBooking(g2.doc, g2.member.memberId, slotKey, 1, '', T0 + 2 * MINUTE);
		await settled([phoneA, phoneB, g1, g2], 'both requests on both phones');
		for (const c of [phoneA, phoneB, g1, g2]) {
			expect(statuses(c.doc, slotKey, [b1, b2]), who(c)).toEqual(['requested', 'waitlisted']);
		}

		// What G2 sees, update by update, while its confirmation comes and goes.
		const seenByG2: (BookingStatus | undefined)[] = [statuses(g2.doc, slotKey, [b2])[0]];
		g2.doc.on('update', () => {
			const now = statuses(g2.doc, slotKey, [b2])[0];
			if (now !== seenByG2.at(-1)) seenByG2.push(now);
		});

		// Both phones offline; each confirms a different guest into the only seat. Phone B even
		// decides first: the wall clock of a phone is no tie-breaker.
		phoneA.provider.disconnect();
		phoneB.provider.disconnect();
		decide(
			phoneB.doc,
			hostId,
			deviceB,
			slotKey,
			[{ bookingKey: b2, decision: 'confirmed' }],
			T0 + HOUR
		);
		decide(
			phoneA.doc,
			hostId,
			deviceA,
			slotKey,
			[{ bookingKey: b1, decision: 'confirmed' }],
			T0 + HOUR + MINUTE
		);
		expect(statuses(phoneA.doc, slotKey, [b1, b2])).toEqual(['confirmed', 'waitlisted']);
		expect(statuses(phoneB.doc, slotKey, [b1, b2])).toEqual(['waitlisted', 'confirmed']);

		// The phone whose confirmation gives way comes back first, so G2 is told "confirmed" before
		// phone A's confirmation arrives: the hard case.
		phoneB = board.reconnect(phoneB);
		await settled([phoneB, g1, g2], 'phone B back');
		expect(statuses(g2.doc, slotKey, [b1, b2])).toEqual(['waitlisted', 'confirmed']);
		phoneA = board.reconnect(phoneA);
		await settled([phoneA, phoneB, g1, g2], 'phone A back');

		const joiner = await board.fetch();
		const docs = [phoneA.doc, phoneB.doc, g1.doc, g2.doc, joiner];
		for (const doc of docs) {
			const slot = readCowork(doc, READ_AT).slots.get(slotKey);
			const all = [...(slot?.bookings.values() ?? [])].map((b) => b.status).sort();
			expect(all).toEqual(['confirmed', 'over-capacity']);
			expect(slot?.overCapacity).toBe(true);
			expect(slot?.confirmedSeats).toBe(1);
			expect(slot?.freeSeats).toBe(0);
			// The same winner everywhere: phone A's, whose roster key sorts first.
			expect(statuses(doc, slotKey, [b1, b2])).toEqual(['confirmed', 'over-capacity']);
			expect(view(doc)).toBe(view(joiner));
		}
		expect(rosterKey(hostId, slotKey, deviceA) < rosterKey(hostId, slotKey, deviceB)).toBe(true);
		// G2 was shown the confirmation, then saw it give way (as over-capacity, not silently).
		expect(seenByG2).toEqual(['waitlisted', 'confirmed', 'over-capacity']);
		for (const c of [phoneA, phoneB, g1, g2]) expect(c.refusals, who(c)).toEqual([]);
	});
});
