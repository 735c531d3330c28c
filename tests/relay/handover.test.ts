/**
 * Signed hand-over through the real relay (issue 18): the host confirms a booking offline and
 * hands a packet to a guest at the door; the guest's phone checks it, and hands it to the relay
 * on its next connection, before its own sync. The host's phone never comes back, yet the host's
 * other device and another guest learn the confirmation, and it survives a relay restart. Forged
 * packets are refused with their reason and counted in /metrics; the guest's own sync is never
 * refused.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decide, requestBooking } from '../../src/lib/domain/cowork/booking-commands';
import { generateEncryptionKeys } from '../../src/lib/domain/identity/sealed';
import { randomId } from '../../src/lib/domain/ids';
import { buildPacket } from '../../src/lib/sync/handover/build-packet';
import { memberChanges } from '../../src/lib/sync/handover/member-changes';
import { encodePacket, packetSigningBytes } from '../../src/lib/sync/handover/packet';
import {
	encodePacketMessage,
	MESSAGE_PACKET_RESULT,
	packetId,
	readPacketResultBody,
	type PacketResult
} from '../../src/lib/sync/protocol';
import {
	admittedRaw,
	certificateOf,
	connectClient,
	destroyAllClients,
	fetchDoc,
	isAck,
	isRefused,
	linkDevice,
	messageType,
	randomBoardId,
	randomToken,
	refusal,
	syncFrame,
	testMember,
	waitFor,
	type RawClient
} from './clients';
import { HOUR, MINUTE, T0, hasSlot, openSlot, settled, statuses } from './cowork-fixtures';
import {
	handoverPhone,
	packetSigner,
	publishTestProfile,
	type HandoverPhone
} from './handover-fixtures';
import { metric } from './push-helpers';
import { cleanUpRelays, startRelayProcess } from './relay-process';

const phones: HandoverPhone[] = [];
afterEach(async () => {
	for (const p of phones.splice(0)) p.connection.destroy();
	destroyAllClients();
	await cleanUpRelays();
});

/** Sends a packet on a raw admitted socket and waits for the relay's word on it. */
async function handOver(raw: RawClient, bytes: Uint8Array): Promise<PacketResult> {
	const id = packetId(bytes);
	const seen = raw.received.length;
	raw.send(encodePacketMessage(bytes));
	let result: PacketResult | undefined;
	await waitFor(() => {
		for (const frame of raw.received.slice(seen)) {
			if (messageType(frame) !== MESSAGE_PACKET_RESULT) continue;
			const decoder = decoding.createDecoder(frame);
			decoding.readVarUint(decoder);
			const read = readPacketResultBody(decoder);
			if (read.id === id) result = read;
		}
		return result !== undefined;
	}, 'the packet’s result');
	return result!;
}

describe('signed packets at the relay', () => {
	it('a guest hands the host’s confirmation over; the host’s phone never comes back', async () => {
		let relay = await startRelayProcess({ direct: true });
		const boardId = randomBoardId();
		const token = randomToken();
		const host = testMember();
		const hostPhoneB = linkDevice(host, { label: 'Tablette' });
		const [g1, g2] = [testMember(), testMember()];

		// Everyone meets once through the relay: the space, the slot, profiles, one request.
		const hostA = connectClient(relay, boardId, token, { member: host });
		const guest1 = connectClient(relay, boardId, token, { member: g1 });
		const guest2 = connectClient(relay, boardId, token, { member: g2 });
		publishTestProfile(hostA.doc, host);
		publishTestProfile(guest1.doc, g1);
		publishTestProfile(guest2.doc, g2);
		const { slotKey } = await openSlot(hostA, await generateEncryptionKeys(), 2);
		await waitFor(() => hasSlot(guest1, slotKey), 'the slot at guest 1');
		const booking = requestBooking(guest1.doc, g1.memberId, slotKey, 1, '', T0 + MINUTE);
		await settled([hostA, guest1, guest2], 'the request everywhere');

		// The host's phone goes offline for good and confirms at the door.
		hostA.destroy();
		guest1.destroy();
		decide(
			hostA.doc,
			host.memberId,
			randomId(),
			slotKey,
			[{ bookingKey: booking, decision: 'confirmed' }],
			T0 + HOUR
		);
		expect(statuses(hostA.doc, slotKey, [booking])).toEqual(['confirmed']);
		const packet = await buildPacket(hostA.doc, boardId, packetSigner(host), { about: booking });

		// Guest 1's phone, still offline, checks and applies it; it also wrote something of its own.
		const phone = handoverPhone(relay, boardId, token, g1, guest1.doc);
		phones.push(phone);
		expect(await phone.receive(packet)).toMatchObject({ ok: true, changes: true });
		expect(statuses(phone.doc, slotKey, [booking])).toEqual(['confirmed']);
		phone.doc.getMap('posts').set(`${g1.memberId}:merci`, { title: 'Merci !' });

		const accepted = await metric(relay, 'quartier_packets_accepted_total');
		phone.connection.start();
		await waitFor(() => phone.results.length > 0 && phone.synced(), 'the relay’s word');
		expect(phone.results).toEqual([
			{ id: packetId(packet), outcome: 'ok', detail: '', retryable: false }
		]);
		expect(await metric(relay, 'quartier_packets_accepted_total')).toBe(accepted + 1);

		// The host's other device and guest 2 (connected all along) learn it from the relay.
		const hostB = connectClient(relay, boardId, token, { member: hostPhoneB });
		await waitFor(
			() =>
				statuses(hostB.doc, slotKey, [booking])[0] === 'confirmed' &&
				statuses(guest2.doc, slotKey, [booking])[0] === 'confirmed',
			'the confirmation at the host’s device B and guest 2'
		);
		await waitFor(
			() => guest2.doc.getMap('posts').has(`${g1.memberId}:merci`),
			'guest 1’s own write at guest 2'
		);
		expect(phone.refusals).toEqual([]);
		expect(guest2.refusals).toEqual([]);
		expect(hostB.refusals).toEqual([]);

		// Stored as a normal write of the host's: it survives a restart.
		await relay.stop();
		relay = await startRelayProcess({ direct: true, dataDir: relay.dataDir });
		const after = await fetchDoc(relay, boardId, token);
		expect(statuses(after, slotKey, [booking])).toEqual(['confirmed']);
	});

	it('a packet received while connected is handed over at once', async () => {
		const relay = await startRelayProcess({ direct: true });
		const boardId = randomBoardId();
		const token = randomToken();
		const host = testMember();
		const g1 = testMember();
		const hostA = connectClient(relay, boardId, token, { member: host });
		const guest2 = connectClient(relay, boardId, token);
		publishTestProfile(hostA.doc, host);
		await settled([hostA, guest2], 'the host known');
		const phone = handoverPhone(relay, boardId, token, g1, new Y.Doc());
		phones.push(phone);
		phone.connection.start();
		await waitFor(() => phone.synced() && phone.doc.getMap('members').size > 0, 'guest 1 synced');

		hostA.destroy();
		hostA.write('escabeau', { title: 'Escabeau' });
		const packet = await buildPacket(hostA.doc, boardId, packetSigner(host));
		expect(await phone.receive(packet)).toMatchObject({ ok: true, changes: true });
		await waitFor(() => phone.results.length > 0, 'the relay’s word');
		expect(phone.results).toMatchObject([{ id: packetId(packet), outcome: 'ok' }]);
		await waitFor(
			() => guest2.doc.getMap('posts').has(host.key('escabeau')),
			'the host’s post at guest 2'
		);
		expect(phone.refusals).toEqual([]);
	});

	it('refuses forged packets with their reason, counts them, and keeps the connection', async () => {
		const relay = await startRelayProcess({ direct: true });
		const boardId = randomBoardId();
		const token = randomToken();
		const host = testMember();
		const mallory = testMember();
		const hostA = connectClient(relay, boardId, token, { member: host });
		publishTestProfile(hostA.doc, host);
		hostA.write('perceuse', { title: 'Perceuse' });
		await settled([hostA], 'the host’s post stored');
		hostA.destroy();
		hostA.write('perceuse', { title: 'Perceuse et mèches' });
		const genuine = await buildPacket(hostA.doc, boardId, packetSigner(host));

		const raw = await admittedRaw(relay, boardId, token, mallory);
		const flipped = genuine.slice();
		flipped[flipped.length - 7]! ^= 1;
		const elsewhere = await buildPacket(hostA.doc, randomBoardId(), packetSigner(host));
		// Mallory signs the host's structs as hers.
		const { update, clients } = memberChanges(hostA.doc, host.memberId);
		const body = {
			boardId,
			memberId: mallory.memberId,
			deviceKey: mallory.publicKey,
			chain: [],
			about: '',
			createdAt: T0,
			clients,
			update
		};
		const signed = packetSigningBytes(body);
		const theirs = encodePacket(signed, mallory.sign(signed));

		const cases: [Uint8Array, string][] = [
			[flipped, 'bad-signature'],
			[elsewhere, 'other-board'],
			[theirs, 'foreign-client'],
			[genuine.slice(0, 40), 'malformed']
		];
		for (const [bytes, reason] of cases) {
			const before = await metric(relay, 'quartier_packets_refused_total', `reason="${reason}"`);
			expect(await handOver(raw, bytes)).toMatchObject({ outcome: reason, retryable: false });
			expect(await metric(relay, 'quartier_packets_refused_total', `reason="${reason}"`)).toBe(
				before + 1
			);
		}
		expect((await fetchDoc(relay, boardId, token)).getMap('posts').toJSON()).toEqual({
			[host.key('perceuse')]: { title: 'Perceuse' }
		});
		// Not refusals of the connection's updates: the socket is open, and still taken.
		expect(raw.closeCode).toBeNull();
		expect(await handOver(raw, genuine)).toMatchObject({ outcome: 'ok' });
		const stored = await fetchDoc(relay, boardId, token);
		expect(stored.getMap('posts').get(host.key('perceuse'))).toEqual({
			title: 'Perceuse et mèches'
		});
	});

	it('a packet the relay refuses never gets the carrier’s own sync refused', async () => {
		const relay = await startRelayProcess({ direct: true });
		const boardId = randomBoardId();
		const token = randomToken();
		const host = testMember();
		const lost = linkDevice(host, { label: 'Perdu' });
		const g1 = testMember();
		const hostA = connectClient(relay, boardId, token, { member: host });
		const guest1 = connectClient(relay, boardId, token, { member: g1 });
		publishTestProfile(hostA.doc, host, host, lost.chain);
		publishTestProfile(guest1.doc, g1);
		await settled([hostA, guest1], 'the profiles everywhere');
		guest1.destroy();

		// The lost phone still holds the board; the host takes it back while guest 1 is away.
		const thief = new Y.Doc();
		Y.applyUpdate(thief, Y.encodeStateAsUpdate(hostA.doc));
		const takenBack = [{ ...certificateOf(lost), removedAt: T0 }];
		publishTestProfile(hostA.doc, host, host, takenBack);
		await settled([hostA], 'the removal stored');
		thief.getMap('posts').set(host.key('annonce'), { title: 'Vends tout' });
		const packet = await buildPacket(thief, boardId, packetSigner(lost));

		// Guest 1 does not know of the removal yet: its phone takes the packet.
		const phone = handoverPhone(relay, boardId, token, g1, guest1.doc);
		phones.push(phone);
		expect(await phone.receive(packet)).toMatchObject({ ok: true, changes: true });
		phone.doc.getMap('posts').set(`${g1.memberId}:soupe`, { title: 'Soupe' });
		const before = await metric(relay, 'quartier_packets_refused_total', 'device-removed');
		phone.connection.start();
		await waitFor(() => phone.results.length > 0 && phone.synced(), 'the relay’s word');
		expect(phone.results).toMatchObject([{ outcome: 'device-removed', retryable: false }]);
		expect(await metric(relay, 'quartier_packets_refused_total', 'device-removed')).toBe(
			before + 1
		);
		// Its own write went through with its sync; the thief's did not.
		await waitFor(
			() => hostA.doc.getMap('posts').has(`${g1.memberId}:soupe`),
			'guest 1’s own write at the host'
		);
		const stored = await fetchDoc(relay, boardId, token);
		expect(stored.getMap('posts').has(host.key('annonce'))).toBe(false);
		expect(phone.refusals).toEqual([]);
	});

	it('frames sent after a packet wait for it: a sync step 2 carrying its structs passes', async () => {
		const relay = await startRelayProcess({ direct: true });
		const boardId = randomBoardId();
		const token = randomToken();
		const host = testMember();
		const hostA = connectClient(relay, boardId, token, { member: host });
		publishTestProfile(hostA.doc, host);
		await settled([hostA], 'the host known');
		hostA.destroy();
		hostA.write('velo', { title: 'Vélo' });
		const packet = await buildPacket(hostA.doc, boardId, packetSigner(host));

		const raw = await admittedRaw(relay, boardId, token, testMember());
		await waitFor(() => raw.received.some(isAck), 'the relay’s greeting');
		const seen = raw.received.length;
		// Both at once, as a phone sends its packets then answers the relay's sync step 1.
		raw.send(encodePacketMessage(packet));
		raw.send(syncFrame(Y.encodeStateAsUpdate(hostA.doc)));
		const after = () => raw.received.slice(seen);
		const isResult = (frame: Uint8Array) => messageType(frame) === MESSAGE_PACKET_RESULT;
		await waitFor(
			() => after().some(isResult) && after().some((f) => isAck(f) || isRefused(f)),
			'the packet’s result and the step 2’s verdict'
		);
		expect(after().filter(isRefused).map(refusal)).toEqual([]);
		// In order: the packet's result, then the step 2's ack.
		expect(after().findIndex(isResult)).toBeLessThan(after().findIndex(isAck));
		const stored = await fetchDoc(relay, boardId, token);
		expect(stored.getMap('posts').get(host.key('velo'))).toEqual({ title: 'Vélo' });
	});
});
