/**
 * Who is speaking: connections that do not prove a member identity — no proof, too many bytes
 * before it, a wrong signature, a proof made for another board or nonce, a removed member, a
 * client id of another member — get the challenge and nothing else of the board.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../../src/lib/domain/board/board-id';
import { createBoard } from '../../src/lib/domain/board/commands';
import { removeMember } from '../../src/lib/domain/trust/moderation';
import { ROOT } from '../../src/lib/domain/board/schema';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_AUTH_TIMEOUT,
	CLOSE_BAD_TOKEN,
	CLOSE_CLIENT_ID_TAKEN,
	CLOSE_REMOVED,
	encodeProof,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_AUTH_PROOF,
	proofPayload
} from '../../src/lib/sync/protocol';
import {
	admittedRaw,
	connectClient,
	destroyAllClients,
	messageType,
	randomBoardId,
	randomClientId,
	randomToken,
	rawClient,
	readChallenge,
	syncFrame,
	syncUrl,
	testMember,
	waitFor,
	type RawClient,
	type RawOptions,
	type SyncClient
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

/** The default deadline is 10 s; half a second keeps the test short and proves the same thing. */
const AUTH_TIMEOUT_MS = 500;
/** The default byte budget (64 KiB). */
const AUTH_MAX_BYTES = 64 * 1024;
const SECRET = 'Digicode 4821B, 3e étage';

describe('member authentication', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess({ env: { QUARTIER_AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS) } });
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	/** A board whose document holds something worth stealing. */
	async function boardWithSecret(): Promise<{ board: string; token: string; owner: SyncClient }> {
		const board = randomBoardId();
		const token = randomToken();
		const owner = connectClient(relay, board, token);
		await waitFor(() => owner.provider.synced, 'owner synced');
		owner.write('home', { access: SECRET });
		await waitFor(() => owner.isAcked(), 'secret stored');
		return { board, token, owner };
	}

	function attacker(board: string, token: string, options?: RawOptions): RawClient {
		return rawClient(syncUrl(relay, board, token), options);
	}

	/** The one frame such a connection may get: a 32-byte nonce. Nothing of the document. */
	function expectOnlyChallenge(raw: RawClient): void {
		expect(raw.received.map(messageType)).toEqual([MESSAGE_AUTH_CHALLENGE]);
		expect(readChallenge(raw.received[0] ?? new Uint8Array())).toHaveLength(32);
		expect(Buffer.concat(raw.received).toString('latin1')).not.toContain('4821B');
	}

	it('closes a connection without a proof after the deadline (4008), having sent only the challenge', async () => {
		const { board, token } = await boardWithSecret();
		const silent = attacker(board, token);
		await silent.challenge;
		const challenged = Date.now();
		// What y-websocket sends on open: a state vector asking for everything. Held, not answered.
		silent.send(syncFrame(Y.encodeStateVector(new Y.Doc()), 0));
		const closed = await silent.closed;
		expect(closed.code).toBe(CLOSE_AUTH_TIMEOUT);
		expect(closed.reason).toBe('no member proof in time');
		expect(Date.now() - challenged).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 50);
		expect(Date.now() - challenged).toBeLessThan(AUTH_TIMEOUT_MS + 2000);
		expectOnlyChallenge(silent);
	});

	it('closes a connection that sends more than the byte budget before its proof (4008)', async () => {
		const { board, token } = await boardWithSecret();
		const chatty = attacker(board, token);
		await chatty.challenge;
		// Well-formed sync messages, 16 KiB each: held until the proof, but only within the budget.
		const frame = syncFrame(new Uint8Array(16 * 1024), 0);
		for (let sent = 0; sent <= AUTH_MAX_BYTES; sent += frame.byteLength) chatty.send(frame);
		const closed = await chatty.closed;
		expect(closed.code).toBe(CLOSE_AUTH_TIMEOUT);
		expect(closed.reason).toBe('too much before the member proof');
		expectOnlyChallenge(chatty);
	});

	it('sends nothing at all to a wrong room token (4401), proof or not', async () => {
		const { board } = await boardWithSecret();
		const intruder = attacker(board, randomToken(), { member: testMember() });
		expect((await intruder.closed).code).toBe(CLOSE_BAD_TOKEN);
		expect(intruder.received).toHaveLength(0);
	});

	it.each<[string, RawOptions['tamper']]>([
		['a wrong signature', (proof) => ({ ...proof, signature: flipBit(proof.signature) })],
		['an empty signature', (proof) => ({ ...proof, signature: new Uint8Array(0) })],
		[
			'a member id that is not derived from the key',
			(proof) => ({ ...proof, memberId: testMember().memberId })
		],
		[
			'someone else’s public key',
			(proof) => {
				const victim = testMember();
				return { ...proof, memberId: victim.memberId, publicKey: victim.publicKey };
			}
		],
		['a key that is not 32 bytes', (proof) => ({ ...proof, publicKey: proof.publicKey + 'AA' })],
		['a client id above 2^32', (proof) => ({ ...proof, clientId: 2 ** 40 })]
	])('refuses a proof with %s (4403) after sending only the challenge', async (_, tamper) => {
		const { board, token } = await boardWithSecret();
		const forger = attacker(board, token, { member: testMember(), tamper });
		const closed = await forger.closed;
		expect(closed.code).toBe(CLOSE_AUTH_FAILED);
		expectOnlyChallenge(forger);
	});

	it('refuses a proof signed for another board or replayed from another connection (4403)', async () => {
		const { board, token } = await boardWithSecret();
		const member = testMember();
		const otherBoard = randomBoardId();
		const crossBoard = attacker(board, token);
		const nonce = await crossBoard.challenge;
		const clientId = randomClientId();
		crossBoard.send(
			encodeProof({
				memberId: member.memberId,
				publicKey: member.publicKey,
				clientId,
				signature: member.sign(proofPayload(otherBoard, nonce)),
				chain: []
			})
		);
		expect((await crossBoard.closed).code).toBe(CLOSE_AUTH_FAILED);
		expectOnlyChallenge(crossBoard);

		// A proof that worked once (seen by an eavesdropper) does not open a second connection.
		const first = attacker(board, token);
		const firstNonce = await first.challenge;
		const valid = member.proof(board, firstNonce, clientId);
		first.send(encodeProof(valid));
		await waitFor(() => first.received.length > 1, 'first connection admitted');
		const replay = attacker(board, token);
		await replay.challenge;
		replay.send(encodeProof(valid));
		expect((await replay.closed).code).toBe(CLOSE_AUTH_FAILED);
		expectOnlyChallenge(replay);
	});

	it('refuses a malformed proof (4403)', async () => {
		const { board, token } = await boardWithSecret();
		const raw = attacker(board, token);
		await raw.challenge;
		raw.send(new Uint8Array([MESSAGE_AUTH_PROOF, 200, 1, 2]));
		expect((await raw.closed).code).toBe(CLOSE_AUTH_FAILED);
		expectOnlyChallenge(raw);
	});

	it('refuses a client id bound to another member (4009): only the challenge', async () => {
		const { board, token, owner } = await boardWithSecret();
		const thief = attacker(board, token, { member: testMember(), clientId: owner.doc.clientID });
		expect((await thief.closed).code).toBe(CLOSE_CLIENT_ID_TAKEN);
		expectOnlyChallenge(thief);
		// The owner may come back with it.
		const again = await admittedRaw(relay, board, token, owner.member, owner.doc.clientID);
		expect(again.socket.readyState).toBe(again.socket.OPEN);
	});

	it('disconnects a member the admin removes (4410) and refuses them from then on', async () => {
		const admin = testMember();
		const { boardId: board, nonce } = newBoardIdentity(admin.memberId);
		const token = randomToken();
		const adminClient = connectClient(relay, board, token, { member: admin });
		const victim = connectClient(relay, board, token);
		const bystander = connectClient(relay, board, token);
		await waitFor(
			() => adminClient.provider.synced && victim.provider.synced && bystander.provider.synced,
			'all synced'
		);
		createBoard(
			adminClient.doc,
			admin.memberId,
			nonce,
			{ name: 'Rue des Lilas', city: 'Lyon', neighbourhood: '', description: '' },
			1
		);
		victim.write('offer', { title: 'Perceuse à prêter' });
		await waitFor(() => adminClient.isAcked() && victim.isAcked(), 'board and offer stored');

		// Only an admin's removal counts: the bystander's own "removal" record changes nothing.
		const forgedRemoval = {
			schemaVersion: 1,
			action: 'remove-member',
			memberId: victim.member.memberId,
			reason: '',
			at: 1
		};
		bystander.write('removal', forgedRemoval, ROOT.moderation);
		await waitFor(() => bystander.isAcked(), 'bystander record stored');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(victim.closes).toEqual([]);

		removeMember(adminClient.doc, board, admin.memberId, victim.member.memberId, 'spam', 2);
		await waitFor(() => victim.closes.length > 0, 'victim disconnected');
		expect(victim.closes[0]?.code).toBe(CLOSE_REMOVED);
		// 44xx: y-websocket does not retry.
		expect(victim.provider.shouldConnect).toBe(false);
		await waitFor(() => adminClient.isAcked(), 'removal stored');
		expect(adminClient.closes).toEqual([]);
		expect(bystander.closes).toEqual([]);

		const back = attacker(board, token, { member: victim.member });
		expect((await back.closed).code).toBe(CLOSE_REMOVED);
		expectOnlyChallenge(back);
		// Even with a fresh client id.
		const fresh = attacker(board, token, { member: victim.member, clientId: randomClientId() });
		expect((await fresh.closed).code).toBe(CLOSE_REMOVED);
		expectOnlyChallenge(fresh);
	});
});

function flipBit(bytes: Uint8Array): Uint8Array {
	const copy = bytes.slice();
	copy[0] = (copy[0] ?? 0) ^ 1;
	return copy;
}
