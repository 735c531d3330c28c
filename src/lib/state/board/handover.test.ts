/**
 * The phone side of signed packets (issue 18) through BoardSession on fake-indexeddb: a host
 * confirms offline and builds a packet, a guest receives it by hand. The phones meet only when
 * the test carries updates (as the relay would).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SpaceInput } from '$lib/domain/cowork/types';
import * as pendingStore from '$lib/persistence/pending-store';
import { keptPackets } from '$lib/persistence/handover-store';
import { encodePacket, packetSigningBytes } from '$lib/sync/handover/packet';
import { withoutClients } from '$lib/sync/handover/without-clients';
import { packetId } from '$lib/sync/protocol';
import { deviceSigner } from '../device-signer';
import { boardOf, closePhones, meet, phone, until, type Phone } from './test-phones';

const HOUR = 60 * 60 * 1000;
const SPACE: SpaceInput = {
	title: 'Atelier',
	description: '',
	city: 'Metz',
	neighbourhood: '',
	seats: 2,
	amenities: [],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false
};

afterEach(closePhones);

const statusOf = (p: Phone, slotKey: string, bookingKey: string) =>
	p.session.cowork.snapshot.slots.get(slotKey)?.bookings.get(bookingKey)?.status;

/** A host and a guest who met once; the guest asked for a seat and the host has the request. */
async function bookedAtTheDoor() {
	const host = await phone(null, 'Hélène');
	const guest = await phone(boardOf(host), 'Gaspard');
	const spaceKey = await host.session.cowork.createSpace(SPACE, { address: '1 rue', access: '' });
	const start = Date.now() + 48 * HOUR;
	const [slotKey = ''] = host.session.cowork.createSlots(spaceKey, {
		start,
		end: start + 2 * HOUR,
		seats: 2,
		deadline: null,
		repeatWeeks: 0
	});
	meet(host, guest);
	await until(() => guest.session.cowork.snapshot.slots.has(slotKey), 'slot reaches the guest');
	const booking = guest.session.cowork.requestBooking(slotKey, 1, '');
	meet(host, guest);
	await until(() => host.session.cowork.snapshot.bookings.has(booking), 'request reaches host');
	await until(() => host.session.members.all.has(guest.memberId), 'guest profile verified');
	return { host, guest, spaceKey, slotKey, booking };
}

describe('hand-over on the board session', () => {
	it('a guest applies the host’s packet, keeps it for the relay and counts nothing as its own', async () => {
		const { host, guest, slotKey, booking } = await bookedAtTheDoor();
		await host.session.cowork.confirm(booking);
		const bytes = await host.session.handover.build(booking);
		const pendingBefore = await pendingStore.countPending(guest.db, guest.session.id);

		const outcome = await guest.session.handover.receive(bytes);
		expect(outcome).toEqual({ kind: 'applied', author: host.memberId, about: booking });
		await until(() => statusOf(guest, slotKey, booking) === 'confirmed', 'guest sees confirmed');
		await until(() => guest.session.handover.waiting === 1, 'one packet waits for the relay');
		expect(await pendingStore.countPending(guest.db, guest.session.id)).toBe(pendingBefore);
		const kept = await keptPackets(guest.db, guest.session.id);
		expect(kept.map((r) => [r.id, r.state])).toEqual([[packetId(bytes), 'applied']]);
		// The host's client ids are left out of the guest's own sync from now on.
		const hostClients = [...Y.decodeStateVector(Y.encodeStateVector(host.doc)).keys()].filter(
			(c) => c !== guest.doc.clientID && guest.session.handover.clients().has(c)
		);
		expect(hostClients).toContain(host.doc.clientID);
		expect(guest.session.handover.clients().has(guest.doc.clientID)).toBe(false);

		// A replay changes nothing; the relay taking it empties the list.
		expect(await guest.session.handover.receive(bytes)).toMatchObject({ kind: 'already' });
		guest.session.handover.onRelayResult({
			id: packetId(bytes),
			outcome: 'ok',
			detail: '',
			retryable: false
		});
		await until(() => guest.session.handover.waiting === 0, 'taken by the relay');
		for (const p of [host, guest]) expect(p.errors).toEqual([]);
	});

	it('refuses a packet for another board, a flipped byte and bytes that are no packet', async () => {
		const { host, guest, booking } = await bookedAtTheDoor();
		await host.session.cowork.confirm(booking);
		const bytes = await host.session.handover.build(booking);
		const elsewhere = await phone(null, 'Ailleurs');
		const before = Y.encodeStateVector(elsewhere.doc);
		expect(await elsewhere.session.handover.receive(bytes)).toMatchObject({
			kind: 'refused',
			reason: 'other-board'
		});
		expect(Y.encodeStateVector(elsewhere.doc)).toEqual(before);
		const flipped = bytes.slice();
		flipped[flipped.length - 3]! ^= 0x10;
		const guestBefore = Y.encodeStateVector(guest.doc);
		expect(await guest.session.handover.receive(flipped)).toMatchObject({
			kind: 'refused',
			reason: 'bad-signature'
		});
		expect(await guest.session.handover.receive(new Uint8Array([1, 2, 3]))).toMatchObject({
			kind: 'refused',
			reason: 'malformed'
		});
		expect(Y.encodeStateVector(guest.doc)).toEqual(guestBefore);
		expect(guest.session.handover.waiting).toBe(0);
		expect(await keptPackets(guest.db, guest.session.id)).toEqual([]);
	});

	it('holds a packet that needs older data of its author’s, and applies it once that came', async () => {
		const { host, guest, spaceKey, slotKey, booking } = await bookedAtTheDoor();
		await host.session.cowork.confirm(booking);
		// Signed by the host's device, but starting after writes of the host the guest never saw.
		const from = Y.decodeStateVector(Y.encodeStateVector(host.doc)).get(host.doc.clientID)!;
		host.session.cowork.createSlots(spaceKey, {
			start: Date.now() + 96 * HOUR,
			end: Date.now() + 98 * HOUR,
			seats: 1,
			deadline: null,
			repeatWeeks: 0
		});
		const bytes = await packetFrom(host, from);
		expect(await guest.session.handover.receive(bytes)).toEqual({
			kind: 'held',
			author: host.memberId,
			about: ''
		});
		let kept = await keptPackets(guest.db, guest.session.id);
		expect(kept.map((r) => r.state)).toEqual(['held']);
		expect(statusOf(guest, slotKey, booking)).toBe('requested');

		meet(host, guest);
		await until(async () => {
			kept = await keptPackets(guest.db, guest.session.id);
			return kept[0]?.state === 'applied';
		}, 'applied once the older data came');
		expect(guest.session.handover.waiting).toBe(1);
		for (const p of [host, guest]) expect(p.errors).toEqual([]);
	});
});

/** A packet of the host's own client from `clock` on: signed, but missing its older writes. */
async function packetFrom(host: Phone, clock: number): Promise<Uint8Array> {
	const client = host.doc.clientID;
	const full = Y.decodeStateVector(Y.encodeStateVector(host.doc));
	full.set(client, clock);
	const others = new Set([...full.keys()].filter((c) => c !== client));
	const update = withoutClients(Y.encodeStateAsUpdate(host.doc, Y.encodeStateVector(full)), others);
	const signer = deviceSigner(host.identity);
	const body = {
		boardId: host.session.id,
		memberId: host.memberId,
		deviceKey: signer.deviceKey,
		chain: signer.chain,
		about: '',
		createdAt: Date.now(),
		clients: [client],
		update
	};
	const signed = packetSigningBytes(body);
	return encodePacket(signed, await signer.sign(signed));
}
