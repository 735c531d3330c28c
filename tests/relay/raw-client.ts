/**
 * Raw websockets for relay tests: every frame received is kept, the relay's challenge is answered
 * (or not, or with a tampered proof), and nothing is sent that the test did not ask for.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
	encodeProof,
	MESSAGE_AUTH_CHALLENGE,
	SYNC_PATH,
	type AuthProof
} from '../../src/lib/sync/protocol';
import type { TestMember } from './members';
import { messageType, readChallenge } from './relay-frames';
import type { RelayProcess } from './relay-process';

export interface RawClient {
	socket: WebSocket;
	/** Every frame received, the challenge included. */
	received: Uint8Array[];
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
	/** Set once the socket closed. */
	closeCode: number | null;
	/** Resolves with the challenge's nonce (never, if the relay sends none). */
	challenge: Promise<Uint8Array>;
	/** Resolves when the first frame after the challenge arrives: the relay admitted the proof. */
	admitted: Promise<void>;
	send(frame: Uint8Array): void;
}

export interface RawOptions {
	/** Answer the challenge as this member. */
	member?: TestMember;
	/** The Yjs client id the proof claims (random otherwise). */
	clientId?: number;
	/** Changes the proof before it is sent (wrong signatures, ids, boards). */
	tamper?: (proof: AuthProof) => AuthProof;
}

const rawSockets = new Set<WebSocket>();

export function rawClient(url: string, options: RawOptions = {}): RawClient {
	const socket = new WebSocket(url);
	rawSockets.add(socket);
	const received: Uint8Array[] = [];
	let onChallenge: (nonce: Uint8Array) => void = () => {};
	let onAdmitted: () => void = () => {};
	const challenge = new Promise<Uint8Array>((resolve) => (onChallenge = resolve));
	const admitted = new Promise<void>((resolve) => (onAdmitted = resolve));
	let challenged = false;
	socket.on('message', (data: Buffer) => {
		const frame = new Uint8Array(data);
		received.push(frame);
		if (challenged) {
			onAdmitted();
			return;
		}
		if (messageType(frame) !== MESSAGE_AUTH_CHALLENGE) return;
		challenged = true;
		const nonce = readChallenge(frame);
		onChallenge(nonce);
		if (options.member) {
			const boardId = new URL(url).pathname.slice(SYNC_PATH.length + 1);
			const clientId = options.clientId ?? randomClientId();
			let proof = options.member.proof(boardId, nonce, clientId);
			if (options.tamper) proof = options.tamper(proof);
			socket.send(encodeProof(proof));
		}
	});
	// A refused or cut connection is an expected outcome in these tests, not a crash.
	socket.on('error', () => {});
	const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
	const raw: RawClient = {
		socket,
		received,
		opened,
		closed: new Promise((resolve) =>
			socket.once('close', (code, reason) => {
				rawSockets.delete(socket);
				raw.closeCode = code;
				resolve({ code, reason: reason.toString() });
			})
		),
		closeCode: null,
		challenge,
		admitted,
		send: (frame) => {
			if (socket.readyState === socket.OPEN) socket.send(frame);
		}
	};
	return raw;
}

/** A raw socket that proved `member`'s identity and was admitted (greeted with sync step 1). */
export async function admittedRaw(
	relay: RelayProcess,
	boardId: string,
	token: string,
	member: TestMember,
	clientId = randomClientId()
): Promise<RawClient> {
	const raw = rawClient(syncUrl(relay, boardId, token), { member, clientId });
	await Promise.race([
		raw.admitted,
		raw.closed.then(({ code }) => {
			throw new Error(`closed with ${code} before admission`);
		})
	]);
	return raw;
}

export function syncUrl(relay: RelayProcess, boardId: string, token: string): string {
	return `${relay.wsUrl}${SYNC_PATH}/${boardId}?token=${token}`;
}

/** Cuts every raw socket still open (after each test, with the providers). */
export function destroyRawClients(): void {
	for (const socket of [...rawSockets]) socket.terminate();
}

/** Yjs picks client ids in [0, 2^32); so do we. */
export function randomClientId(): number {
	return randomBytes(4).readUInt32LE();
}
