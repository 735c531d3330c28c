/**
 * One member, several devices (DESIGN.md §6): a device the member linked proves itself with a
 * chain of certificates from the member's first key and writes the member's records like the
 * first device does. Shut out as soon as the member takes it back: device-removals.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_CLIENT_ID_TAKEN,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_AUTH_PROOF,
	proofPayload,
	type AuthProof
} from '../../src/lib/sync/protocol';
import {
	ackStateVector,
	admittedRaw,
	canonicalRecords,
	certificateOf,
	covers,
	destroyAllClients,
	fetchDoc,
	isAck,
	isRefused,
	linkDevice,
	messageType,
	randomClientId,
	rawClient,
	records,
	syncFrame,
	syncUrl,
	testMember,
	waitFor,
	type TestMember
} from './clients';
import { flipChar, linkedDevices } from './linked-devices';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

describe('linked devices', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	const { newBoard, connected, attempt, expectRefused, stored } = linkedDevices(() => relay);

	it('admits a device certified by the first one; what it writes reaches the first device and a fresh client', async () => {
		const { board, token } = newBoard();
		const alice = testMember();
		const phone = linkDevice(alice);
		const first = await connected(board, token, alice);
		const second = await connected(board, token, phone);
		expect(second.doc.clientID).not.toBe(first.doc.clientID);

		first.write('home', { text: 'depuis l’ordinateur' });
		second.write('offer', { title: 'Perceuse à prêter' });
		await stored(first);
		await stored(second);
		// Records of one member, written from either device: the phone may replace the first's.
		await waitFor(() => records(second.doc)[alice.key('home')] !== undefined, 'phone sees home');
		second.write('home', { text: 'depuis le téléphone' });
		await stored(second);

		const expected = {
			[alice.key('home')]: { text: 'depuis le téléphone' },
			[alice.key('offer')]: { title: 'Perceuse à prêter' }
		};
		await waitFor(
			() => canonicalRecords(first.doc) === canonicalRecords(second.doc),
			'first device caught up'
		);
		expect(records(first.doc)).toEqual(expected);
		expect(records(await fetchDoc(relay, board, token))).toEqual(expected);
		expect([...first.closes, ...second.closes]).toEqual([]);
	});

	it('binds client ids per member: another member, or their device, cannot take one of ours (4009)', async () => {
		const { board, token } = newBoard();
		const alice = testMember();
		const phone = linkDevice(alice);
		const first = await connected(board, token, alice);
		const second = await connected(board, token, phone);
		first.write('a', 1);
		second.write('b', 2);
		await stored(first);
		await stored(second);

		const bob = testMember();
		const bobsPhone = linkDevice(bob);
		for (const [member, clientId] of [
			[bob, second.doc.clientID],
			[bobsPhone, first.doc.clientID],
			[bobsPhone, second.doc.clientID]
		] as const) {
			const thief = rawClient(syncUrl(relay, board, token), { member, clientId });
			await expectRefused(thief, CLOSE_CLIENT_ID_TAKEN);
		}
		// Alice's own devices may come back with the ids they bound.
		await admittedRaw(relay, board, token, phone, second.doc.clientID);
		await admittedRaw(relay, board, token, alice, first.doc.clientID);
	});

	it('admits a chain of two (first device → phone → tablet) and up to 8 certificates, not 9', async () => {
		const { board, token } = newBoard();
		const alice = testMember();
		const phone = linkDevice(alice);
		const tablet = linkDevice(phone);
		expect(tablet.chain.map((c) => c.issuer)).toEqual([alice.publicKey, phone.publicKey]);
		const client = await connected(board, token, tablet);
		client.write('offer', { title: 'Échelle' });
		await stored(client);
		expect(records(await fetchDoc(relay, board, token))).toEqual({
			[alice.key('offer')]: { title: 'Échelle' }
		});

		let device = alice;
		for (let i = 0; i < 8; i++) device = linkDevice(device);
		expect(device.chain).toHaveLength(8);
		await admittedRaw(relay, board, token, device);
		await expectRefused(attempt(board, token, linkDevice(device)), CLOSE_AUTH_FAILED);
	});

	describe('refuses a chain that does not lead from the member’s first key to the signing key (4403)', () => {
		const alice = testMember();
		const mallory = testMember();
		const phone = linkDevice(alice);
		const tablet = linkDevice(phone);
		/** One device key linked to two members (a shared tablet). */
		const shared = linkDevice(alice);
		const sharedForMallory = linkDevice(mallory, { keysOf: shared });
		const fromShared = linkDevice(shared);

		it.each<[string, TestMember, ((proof: AuthProof) => AuthProof)?]>([
			[
				'its first issuer is another member’s root key',
				linkDevice(mallory),
				(proof) => ({ ...proof, memberId: alice.memberId })
			],
			[
				'its first issuer is another member’s root key, signed for this member',
				linkDevice(mallory, { memberId: alice.memberId }),
				(proof) => ({ ...proof, memberId: alice.memberId })
			],
			[
				'a certificate signed by a key that is not the issuer',
				linkDevice(alice, { signer: mallory })
			],
			[
				'a certificate signed by the first device’s key for another member',
				linkDevice(alice, { memberId: mallory.memberId })
			],
			[
				'a certificate whose signature was altered',
				phone,
				(proof) => ({
					...proof,
					chain: [{ ...certificateOf(phone), signature: flipChar(certificateOf(phone).signature) }]
				})
			],
			[
				'a certificate whose label was changed after signing',
				phone,
				(proof) => ({ ...proof, chain: [{ ...certificateOf(phone), label: 'Autre' }] })
			],
			[
				'a chain that ends at another device',
				tablet,
				(proof) => ({ ...proof, chain: phone.chain })
			],
			['no chain for a key that is not the root', phone, (proof) => ({ ...proof, chain: [] })],
			[
				'a chain with a link left out',
				tablet,
				(proof) => ({ ...proof, chain: [certificateOf(tablet)] })
			],
			[
				'a certificate moved to another member’s chain',
				fromShared,
				// Mallory's own certificate for the shared key, then one it signed for Alice.
				(proof) => ({
					...proof,
					memberId: mallory.memberId,
					chain: [certificateOf(sharedForMallory), certificateOf(fromShared)]
				})
			],
			[
				'another device’s key in the proof',
				phone,
				(proof) => ({ ...proof, publicKey: linkDevice(alice).publicKey })
			]
		])('%s', async (_, member, tamper) => {
			const { board, token } = newBoard();
			await expectRefused(attempt(board, token, member, tamper), CLOSE_AUTH_FAILED);
		});

		it('while the same devices, untampered, are admitted', async () => {
			const { board, token } = newBoard();
			for (const member of [phone, tablet, shared, sharedForMallory, fromShared]) {
				await admittedRaw(relay, board, token, member);
			}
			// The moved certificate's chain, as Mallory herself would present it.
			await admittedRaw(relay, board, token, linkDevice(sharedForMallory));
		});

		it.each<[string, string]>([
			['not JSON', '[{"deviceKey":'],
			['not a list', '{}'],
			['a certificate missing its signature', JSON.stringify([{ deviceKey: phone.publicKey }])],
			[
				'a key that is not base64url',
				JSON.stringify([{ ...certificateOf(phone), issuer: '!'.repeat(43) }])
			],
			['9 certificates', JSON.stringify(Array.from({ length: 9 }, () => certificateOf(phone)))]
		])('a malformed chain: %s', async (_, chainText) => {
			const { board, token } = newBoard();
			const raw = rawClient(syncUrl(relay, board, token));
			const nonce = await raw.challenge;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AUTH_PROOF);
			encoding.writeVarString(encoder, alice.memberId);
			encoding.writeVarString(encoder, phone.publicKey);
			encoding.writeVarUint(encoder, randomClientId());
			encoding.writeVarUint8Array(encoder, phone.sign(proofPayload(board, nonce)));
			encoding.writeVarString(encoder, chainText);
			raw.send(encoding.toUint8Array(encoder));
			await expectRefused(raw, CLOSE_AUTH_FAILED);
		});
	});

	it('handles the frames a device sends right behind its proof', async () => {
		const { board, token } = newBoard();
		const alice = testMember();
		const tablet = linkDevice(linkDevice(alice));
		const doc = new Y.Doc();
		doc.getMap('posts').set(alice.key('quick'), 'aussitôt');
		const raw = rawClient(syncUrl(relay, board, token), {
			member: tablet,
			clientId: doc.clientID
		});
		// The proof (sent by rawClient's own listener) and the update leave in one TCP write, so the
		// relay reads both frames in one chunk and ws hands it the update before the proof is checked.
		const tcp = () => (raw.socket as unknown as { _socket: import('node:net').Socket })._socket;
		const isChallenge = (data: Buffer) =>
			messageType(new Uint8Array(data)) === MESSAGE_AUTH_CHALLENGE;
		raw.socket.prependListener('message', (data: Buffer) => {
			if (isChallenge(data)) tcp().cork();
		});
		raw.socket.on('message', (data: Buffer) => {
			if (!isChallenge(data)) return;
			raw.send(syncFrame(Y.encodeStateAsUpdate(doc)));
			tcp().uncork();
		});
		const wanted = Y.decodeStateVector(Y.encodeStateVector(doc));
		await waitFor(
			() => raw.received.some((f) => isAck(f) && covers(ackStateVector(f), wanted)),
			'the update acknowledged'
		);
		expect(raw.received.filter(isRefused)).toEqual([]);
		expect(records(await fetchDoc(relay, board, token))).toEqual({
			[alice.key('quick')]: 'aussitôt'
		});
	});
});
