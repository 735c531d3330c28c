/**
 * Helpers of the linked-device tests, for a relay the test file starts: fresh boards, synced
 * clients, proof attempts that must be refused, and profiles listing (or taking back) devices.
 */
import { expect } from 'vitest';
import { PROFILE_RECORD_ID, ROOT, SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import { MESSAGE_AUTH_CHALLENGE, type AuthProof } from '../../src/lib/sync/protocol';
import {
	connectClient,
	messageType,
	randomBoardId,
	randomToken,
	rawClient,
	rootKeyOf,
	syncUrl,
	waitFor,
	type RawClient,
	type SyncClient,
	type TestMember
} from './clients';
import type { RelayProcess } from './relay-process';

/** `relay` is read at each call: the test file starts its relay in beforeAll. */
export function linkedDevices(relay: () => RelayProcess) {
	function newBoard(): { board: string; token: string } {
		return { board: randomBoardId(), token: randomToken() };
	}

	async function connected(
		board: string,
		token: string,
		member: TestMember,
		on: RelayProcess = relay()
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
		on: RelayProcess = relay()
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

	return { newBoard, connected, attempt, expectRefused, publishDevices, removedAt, stored };
}

export function flipChar(text: string): string {
	return (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
}

/** Another base64url spelling of the same 32 bytes: the last character's 2 low bits are padding. */
export function otherSpelling(key: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	const last = alphabet.indexOf(key.at(-1) ?? 'A');
	const other = key.slice(0, -1) + alphabet[last ^ 1];
	expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(key, 'base64url'));
	return other;
}
