/**
 * Signed packets (issue 18), checked as a receiving phone checks them: real WebCrypto Ed25519
 * keys, real signed profiles and device certificates (test-members.ts). Every refusal names its
 * reason, and the receiver's doc is left exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '$lib/domain/board/board-id';
import { createBoard } from '$lib/domain/board/commands';
import { verifyBytes } from '$lib/domain/identity/keys';
import { removeMember } from '$lib/domain/trust/moderation';
import { decodeCanonicalV1, encodeCanonicalV1 } from '../update-structs';
import { buildPacket, type PacketSigner } from './build-packet';
import { checkPacket, type PacketCheck, type PacketRefusalReason } from './check-packet';
import { memberChanges } from './member-changes';
import {
	decodePacket,
	encodePacket,
	MAX_PACKET_BYTES,
	packetChain,
	packetSigningBytes,
	type PacketBody
} from './packet';
import { standingInDoc } from './standing-in-doc';
import { linkDevice, meet, member, publish, takeBack, type TestMember } from './test-members';

const BOARD = 'b'.repeat(22);

/** What a receiving phone does: check, and apply only what passed. */
async function receive(doc: Y.Doc, bytes: Uint8Array, boardId = BOARD): Promise<PacketCheck> {
	const result = await checkPacket(bytes, {
		boardId,
		doc,
		verify: verifyBytes,
		standing: standingInDoc(doc, boardId)
	});
	if (result.ok) Y.applyUpdate(doc, result.packet.update);
	return result;
}

/** Receiving `bytes` is refused for `reason`, and `doc` is left exactly as it was. */
async function expectRefused(
	doc: Y.Doc,
	bytes: Uint8Array,
	reason: PacketRefusalReason,
	boardId = BOARD
): Promise<void> {
	const before = Y.encodeStateAsUpdate(doc);
	const result = await receive(doc, bytes, boardId);
	expect(result).toMatchObject({ ok: false, reason });
	expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

/** A packet signed by `signer` over a body of our own making (what a hostile device can do). */
async function signed(signer: PacketSigner, body: Partial<PacketBody>): Promise<Uint8Array> {
	const full: PacketBody = {
		boardId: BOARD,
		memberId: signer.memberId,
		deviceKey: signer.deviceKey,
		chain: packetChain(signer.chain),
		about: '',
		createdAt: 1,
		clients: [],
		update: Y.encodeStateAsUpdate(new Y.Doc()),
		...body
	};
	const bytes = packetSigningBytes(full);
	return encodePacket(bytes, await signer.sign(bytes));
}

/** A host and a guest who know each other's profiles; the host wrote a post since. */
async function hostAndGuest() {
	const host = await member();
	const guest = await member();
	await publish(host);
	await publish(guest);
	guest.doc.getMap('posts').set(`${guest.memberId}:p2`, { title: 'Soupe' });
	meet(host.doc, guest.doc);
	host.doc.getMap('posts').set(`${host.memberId}:p1`, { title: 'Perceuse' });
	return { host, guest };
}

const post = (m: TestMember, doc: Y.Doc, id: string) =>
	doc.getMap('posts').get(`${m.memberId}:${id}`);

describe('signed packets', () => {
	it('carries the author’s records only; the receiver applies it', async () => {
		const { host, guest } = await hostAndGuest();
		const bytes = await buildPacket(host.doc, BOARD, host.signer, { about: 'p1' });
		const packet = decodePacket(bytes);
		if ('problem' in packet) throw new Error(packet.problem);
		expect(packet.clients).toEqual([host.doc.clientID]);
		expect(decodeCanonicalV1(packet.update)).toMatchObject({
			runs: new Map([[host.doc.clientID, expect.any(Array)]])
		});

		const result = await receive(guest.doc, bytes);
		expect(result).toMatchObject({ ok: true, changes: true, packet: { about: 'p1' } });
		expect(post(host, guest.doc, 'p1')).toEqual({ title: 'Perceuse' });
	});

	it('a replay is harmless: ok, nothing changes', async () => {
		const { host, guest } = await hostAndGuest();
		const bytes = await buildPacket(host.doc, BOARD, host.signer);
		await receive(guest.doc, bytes);
		const before = Y.encodeStateAsUpdate(guest.doc);
		expect(await receive(guest.doc, bytes)).toMatchObject({ ok: true, changes: false });
		expect(Y.encodeStateAsUpdate(guest.doc)).toEqual(before);
	});

	it('accepts a linked device’s packet (a chain of one certificate)', async () => {
		const { host, guest } = await hostAndGuest();
		const phone = await linkDevice(host);
		await publish(host);
		meet(host.doc, guest.doc);
		host.doc.getMap('posts').set(`${host.memberId}:p4`, { title: 'Écrit sur le téléphone' });
		const bytes = await buildPacket(host.doc, BOARD, phone.signer);
		expect(await receive(guest.doc, bytes)).toMatchObject({ ok: true, changes: true });
		expect(post(host, guest.doc, 'p4')).toEqual({ title: 'Écrit sur le téléphone' });
	});

	it('refuses a wrong signature', async () => {
		const { host, guest } = await hostAndGuest();
		const bytes = await buildPacket(host.doc, BOARD, host.signer);
		const flipped = bytes.slice();
		flipped[flipped.length - 5]! ^= 1;
		await expectRefused(guest.doc, flipped, 'bad-signature');
		// A byte of the update itself: the signature covers it too.
		const packet = decodePacket(bytes);
		if ('problem' in packet) throw new Error(packet.problem);
		const inUpdate = bytes.slice();
		inUpdate[packet.signed.length - 3]! ^= 1;
		const refused = await receive(guest.doc, inUpdate);
		expect(refused.ok).toBe(false);
		expect(post(host, guest.doc, 'p1')).toBeUndefined();
	});

	it('refuses a device the member took back', async () => {
		const { host, guest } = await hostAndGuest();
		const lost = await linkDevice(host);
		takeBack(host, lost.keys.publicKey);
		await publish(host);
		meet(host.doc, guest.doc);
		host.doc.getMap('posts').set(`${host.memberId}:p3`, { title: 'Écrit par le volé' });
		await expectRefused(
			guest.doc,
			await buildPacket(host.doc, BOARD, lost.signer),
			'device-removed'
		);
	});

	it('refuses a chain through a device taken back, by a certificate the profile does not list', async () => {
		const { host, guest } = await hostAndGuest();
		const lost = await linkDevice(host);
		takeBack(host, lost.keys.publicKey);
		await publish(host);
		meet(host.doc, guest.doc);
		// The stolen phone goes on certifying a device of the thief's.
		const thief = await linkDevice(host, lost, { listed: false });
		await expectRefused(
			guest.doc,
			await buildPacket(host.doc, BOARD, thief.signer),
			'device-removed'
		);
	});

	it('refuses a member an admin removed', async () => {
		const { host, guest } = await hostAndGuest();
		// The guest created this board: they are its admin.
		const { boardId, nonce } = newBoardIdentity(guest.memberId);
		const input = { name: 'Lilas', city: 'Metz', neighbourhood: '', description: '' };
		createBoard(guest.doc, guest.memberId, nonce, input, 1);
		removeMember(guest.doc, boardId, guest.memberId, host.memberId, '', 2);
		const bytes = await buildPacket(host.doc, boardId, host.signer);
		await expectRefused(guest.doc, bytes, 'removed', boardId);
	});

	it('refuses a device not in the chain, and a key the member id does not derive from', async () => {
		const { host, guest } = await hostAndGuest();
		const stranger = await member();
		const phone = await linkDevice(host);
		// The stranger's key, the host's member id, the host's phone's chain: it does not end there.
		const forged: PacketSigner = {
			...stranger.signer,
			memberId: host.memberId,
			chain: phone.chain
		};
		const changes = memberChanges(host.doc, host.memberId);
		await expectRefused(guest.doc, await signed(forged, changes), 'not-members-device');
		const rootless: PacketSigner = { ...stranger.signer, memberId: host.memberId };
		await expectRefused(guest.doc, await signed(rootless, changes), 'not-members-device');
	});

	it('refuses another member’s records inside the author’s packet', async () => {
		const { host, guest } = await hostAndGuest();
		// The host's own client writes under the guest's key.
		host.doc.getMap('posts').set(`${guest.memberId}:p9`, { title: 'Au nom du voisin' });
		const bytes = await buildPacket(host.doc, BOARD, host.signer);
		await expectRefused(guest.doc, bytes, 'foreign-key');
	});

	it('refuses an update that also deletes another member’s item', async () => {
		const { host, guest } = await hostAndGuest();
		host.doc.getMap('posts').delete(`${guest.memberId}:p2`);
		const { update, clients } = memberChanges(host.doc, host.memberId);
		const decoded = decodeCanonicalV1(update);
		if ('problem' in decoded) throw new Error(decoded.problem);
		// The whole delete set, as a hostile device would write it.
		const all = decodeCanonicalV1(Y.encodeStateAsUpdate(host.doc));
		if ('problem' in all) throw new Error(all.problem);
		const withDeletion = encodeCanonicalV1(decoded.runs, all.deletions);
		await expectRefused(
			guest.doc,
			await signed(host.signer, { update: withDeletion, clients }),
			'unlisted-client'
		);
		// Listing the guest's client too does not make it the host's.
		await expectRefused(
			guest.doc,
			await signed(host.signer, {
				update: withDeletion,
				clients: [...clients, guest.doc.clientID]
			}),
			'foreign-client'
		);
		expect(guest.doc.getMap('posts').get(`${guest.memberId}:p2`)).toEqual({ title: 'Soupe' });
	});

	it('refuses a packet listing another member’s client id', async () => {
		const { host, guest } = await hostAndGuest();
		const { update, clients } = memberChanges(host.doc, host.memberId);
		await expectRefused(
			guest.doc,
			await signed(host.signer, { update, clients: [...clients, guest.doc.clientID] }),
			'foreign-client'
		);
	});

	it('refuses a packet for another board', async () => {
		const { host, guest } = await hostAndGuest();
		const bytes = await buildPacket(host.doc, 'c'.repeat(22), host.signer);
		await expectRefused(guest.doc, bytes, 'other-board');
	});

	it('refuses an author the board does not know', async () => {
		const { guest } = await hostAndGuest();
		const stranger = await member();
		stranger.doc.getMap('posts').set(`${stranger.memberId}:x`, { title: 'Inconnu' });
		await expectRefused(
			guest.doc,
			await buildPacket(stranger.doc, BOARD, stranger.signer),
			'unknown-member'
		);
	});

	it('refuses truncated, oversized and trailing bytes', async () => {
		const { host, guest } = await hostAndGuest();
		const bytes = await buildPacket(host.doc, BOARD, host.signer);
		for (const cut of [0, 1, 10, bytes.length >> 1, bytes.length - 1]) {
			await expectRefused(guest.doc, bytes.slice(0, cut), 'malformed');
		}
		const trailing = new Uint8Array(bytes.length + 1);
		trailing.set(bytes);
		await expectRefused(guest.doc, trailing, 'malformed');
		const oversized = new Uint8Array(MAX_PACKET_BYTES + 1);
		oversized.set(bytes);
		await expectRefused(guest.doc, oversized, 'malformed');
		expect(decodePacket(oversized)).toEqual({ problem: 'too big' });
	});
});
