/**
 * One member, several devices (DESIGN.md §6): a device the member linked proves itself with a
 * chain of certificates from the member's first key, writes the member's records like the first
 * device does, and is shut out as soon as the member takes it back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { PROFILE_RECORD_ID, ROOT, SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_CLIENT_ID_TAKEN,
	CLOSE_DEVICE_REMOVED,
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
	connectClient,
	covers,
	destroyAllClients,
	fetchDoc,
	isAck,
	isRefused,
	linkDevice,
	messageType,
	randomBoardId,
	randomClientId,
	randomToken,
	rawClient,
	records,
	rootKeyOf,
	syncFrame,
	syncUrl,
	testMember,
	waitFor,
	type RawClient,
	type SyncClient,
	type TestMember
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

describe('linked devices', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	function newBoard(): { board: string; token: string } {
		return { board: randomBoardId(), token: randomToken() };
	}

	async function connected(
		board: string,
		token: string,
		member: TestMember,
		on: RelayProcess = relay
	): Promise<SyncClient> {
		const client = connectClient(on, board, token, { member });
		await waitFor(() => client.provider.synced, 'synced');
		return client;
	}

	/** Answers the challenge as `member`, with the proof changed by `tamper`. */
	function attempt(
		board: string,
		token: string,
		member: TestMember,
		tamper?: (proof: AuthProof) => AuthProof,
		on: RelayProcess = relay
	): RawClient {
		return rawClient(syncUrl(on, board, token), { member, tamper });
	}

	/** Refused with `code` having received the challenge and nothing else. */
	async function expectRefused(raw: RawClient, code: number): Promise<void> {
		const closed = await Promise.race([
			raw.closed,
			raw.admitted.then(() => ({ code: 'admitted' }))
		]);
		expect(closed.code).toBe(code);
		expect(raw.received.map(messageType)).toEqual([MESSAGE_AUTH_CHALLENGE]);
	}

	/**
	 * Writes the member's profile as their app does: root key, linked devices (with removal marks)
	 * and whether the first device was taken back. Written from whichever device `client` is.
	 */
	function publishDevices(
		client: SyncClient,
		devices: DeviceCertificate[],
		rootRemovedAt: number | null = null
	): void {
		const { member } = client;
		client.doc.getMap(ROOT.members).set(member.key(PROFILE_RECORD_ID), {
			schemaVersion: SCHEMA_VERSION,
			name: 'Marie',
			bio: '',
			publicKey: rootKeyOf(member),
			joinedAt: 1,
			signature: 'signed',
			signer: member.publicKey,
			devices,
			rootRemovedAt
		});
	}

	const removedAt = (certificate: DeviceCertificate, at = Date.now()): DeviceCertificate => ({
		...certificate,
		removedAt: at
	});

	async function stored(client: SyncClient): Promise<void> {
		await waitFor(() => client.isAcked(), 'acknowledged');
		expect(client.refusals).toEqual([]);
	}

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

	describe('removed devices', () => {
		it('closes a device its member takes back (4411), refuses it from then on, keeps the others', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice, { label: 'Téléphone perdu' });
			const tablet = linkDevice(alice, { label: 'Tablette' });
			const first = await connected(board, token, alice);
			const lost = await connected(board, token, phone);
			const kept = await connected(board, token, tablet);
			publishDevices(first, [certificateOf(phone), certificateOf(tablet)]);
			await stored(first);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(lost.closes).toEqual([]);

			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await waitFor(() => lost.closes.length > 0, 'lost phone disconnected');
			expect(lost.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			// 44xx: y-websocket does not retry.
			expect(lost.provider.shouldConnect).toBe(false);
			await stored(first);
			expect([...first.closes, ...kept.closes]).toEqual([]);

			await expectRefused(attempt(board, token, phone), CLOSE_DEVICE_REMOVED);
			// Nor anything the lost phone certifies now.
			await expectRefused(attempt(board, token, linkDevice(phone)), CLOSE_DEVICE_REMOVED);

			// Taking the mark back out of the profile does not let it in again while the relay runs.
			publishDevices(first, [certificateOf(phone), certificateOf(tablet)]);
			await stored(first);
			await expectRefused(attempt(board, token, phone), CLOSE_DEVICE_REMOVED);

			kept.write('still', 'là');
			await stored(kept);
			expect(kept.closes).toEqual([]);
			await admittedRaw(relay, board, token, alice);
		});

		it('takes back the first device the same way; devices listed in the profile stay', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const first = await connected(board, token, alice);
			const second = await connected(board, token, phone);
			// From the phone: the computer was stolen.
			publishDevices(second, [certificateOf(phone)], Date.now());
			await waitFor(() => first.closes.length > 0, 'stolen first device disconnected');
			expect(first.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			await stored(second);
			expect(second.closes).toEqual([]);

			await expectRefused(attempt(board, token, alice), CLOSE_DEVICE_REMOVED);
			// The same key spelt differently (the last character's padding bits) is no way around it.
			await expectRefused(
				attempt(board, token, alice, (proof) => ({
					...proof,
					publicKey: otherSpelling(proof.publicKey)
				})),
				CLOSE_AUTH_FAILED
			);
			// The stolen key certifies a device after its removal: not listed, refused.
			await expectRefused(attempt(board, token, linkDevice(alice)), CLOSE_DEVICE_REMOVED);
			// The phone the first key certified before is listed: admitted, and what it links too.
			await admittedRaw(relay, board, token, phone);
			await admittedRaw(relay, board, token, linkDevice(phone));
		});

		it('admits devices a removed device certified that the profile lists, and only those', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			/** Linked from the phone while it was still Alice's: her devices know it. */
			const tablet = linkDevice(phone, { label: 'Tablette' });
			/** Linked from the stolen phone, by the thief. */
			const thiefs = linkDevice(phone, { label: 'Tablette' });
			const first = await connected(board, token, alice);
			const honest = await connected(board, token, tablet);
			const intruder = await connected(board, token, thiefs);
			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await waitFor(() => intruder.closes.length > 0, 'intruder disconnected');
			expect(intruder.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			await stored(first);
			honest.write('after', 'toujours là');
			await stored(honest);
			expect([...first.closes, ...honest.closes]).toEqual([]);

			await expectRefused(attempt(board, token, thiefs), CLOSE_DEVICE_REMOVED);
			await admittedRaw(relay, board, token, tablet);
			// A listed certificate must be the very one: the same key with another label is not.
			const relabelled = linkDevice(phone, { keysOf: tablet, label: 'Autre' });
			await expectRefused(attempt(board, token, relabelled), CLOSE_DEVICE_REMOVED);
		});

		it('honours only the member’s own profile: another member cannot remove my devices', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const second = await connected(board, token, phone);
			const mallory = await connected(board, token, testMember());
			// Mallory's profile lists Alice's phone, and Alice's first key, as devices she took back.
			const aliceFirst = { ...certificateOf(phone), deviceKey: alice.publicKey };
			publishDevices(mallory, [removedAt(certificateOf(phone)), removedAt(aliceFirst)]);
			await stored(mallory);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(second.closes).toEqual([]);
			await admittedRaw(relay, board, token, phone);
			await admittedRaw(relay, board, token, alice);
		});

		it('reads the removals again when the board is loaded after a restart', async () => {
			const restartable = await startRelayProcess({ direct: true });
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const tablet = linkDevice(alice);
			const first = await connected(board, token, alice, restartable);
			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await stored(first);
			first.destroy();
			await restartable.stop();
			const again = await startRelayProcess({ direct: true, dataDir: restartable.dataDir });
			await expectRefused(attempt(board, token, phone, undefined, again), CLOSE_DEVICE_REMOVED);
			await admittedRaw(again, board, token, tablet);
		});
	});
});

function flipChar(text: string): string {
	return (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
}

/** Another base64url spelling of the same 32 bytes: the last character's 2 low bits are padding. */
function otherSpelling(key: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	const last = alphabet.indexOf(key.at(-1) ?? 'A');
	const other = key.slice(0, -1) + alphabet[last ^ 1];
	expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(key, 'base64url'));
	return other;
}
