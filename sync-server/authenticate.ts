/**
 * The member handshake that follows an accepted room token: the relay sends a random nonce, the
 * client answers with its member id, its device's public key, Yjs client id, an Ed25519 signature
 * over the nonce and the board id, and on a linked device the certificate chain from the member's
 * root key to that device key. Until then the client gets nothing of the document; what it sends
 * early (y-websocket greets at once) is held, within a byte budget and a deadline.
 */
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_AUTH_TIMEOUT,
	encodeChallenge,
	MESSAGE_AUTH_PROOF,
	proofPayload,
	readProofBody,
	type AuthProof
} from '../src/lib/sync/protocol';
import { isSignedByMember } from './device-signature';
import { toBytes } from './frames';

export interface AuthLimits {
	timeoutMs: number;
	maxBytes: number;
}

export interface Authenticated {
	proof: AuthProof;
	/**
	 * Frames received before the proof and while it was checked, to handle once the connection is
	 * admitted. The caller must attach its own listener without awaiting anything first: frames
	 * that arrive in between would be lost.
	 */
	early: RawData[];
}

/**
 * Resolves with the verified proof, or null after closing the socket (bad proof, timeout, budget,
 * or the client went away).
 */
export function authenticate(
	ws: WebSocket,
	boardId: string,
	limits: AuthLimits,
	received: RawData[] = []
): Promise<Authenticated | null> {
	return new Promise((resolve) => {
		const nonce = new Uint8Array(randomBytes(32));
		// Frames that came before the challenge cannot be proofs: they are early sync frames.
		const early: RawData[] = [...received];
		let bytes = early.reduce((sum, data) => sum + toBytes(data).byteLength, 0);
		if (bytes > limits.maxBytes) {
			ws.close(CLOSE_AUTH_TIMEOUT, 'too much before the member proof');
			resolve(null);
			return;
		}
		let done = false;
		/** Set once a proof arrived: what follows it is held while the proof is checked. */
		let verifying = false;
		const finish = (result: Authenticated | null, close?: [number, string]) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			ws.off('message', onMessage);
			ws.off('close', onClose);
			if (close) ws.close(...close);
			resolve(result);
		};
		const timer = setTimeout(
			() => finish(null, [CLOSE_AUTH_TIMEOUT, 'no member proof in time']),
			limits.timeoutMs
		);
		const onClose = () => finish(null);
		const onMessage = (data: RawData, isBinary: boolean) => {
			const frame = toBytes(data);
			bytes += frame.byteLength;
			if (bytes > limits.maxBytes || !isBinary) {
				finish(null, [CLOSE_AUTH_TIMEOUT, 'too much before the member proof']);
				return;
			}
			// ws emits every frame of a chunk at once: frames right behind the proof arrive while it is
			// checked, and are the connection's first.
			if (verifying) {
				early.push(data);
				return;
			}
			const decoder = decoding.createDecoder(frame);
			let proof: AuthProof | null = null;
			try {
				if (decoding.readVarUint(decoder) === MESSAGE_AUTH_PROOF) proof = readProofBody(decoder);
			} catch {
				finish(null, [CLOSE_AUTH_FAILED, 'malformed member proof']);
				return;
			}
			if (proof === null) {
				early.push(data);
				return;
			}
			verifying = true;
			const verified = proof;
			const refuse = () => finish(null, [CLOSE_AUTH_FAILED, 'invalid member proof']);
			isValidProof(verified, proofPayload(boardId, nonce)).then(
				(valid) => (valid ? finish({ proof: verified, early }) : refuse()),
				refuse
			);
		};
		ws.on('message', onMessage);
		ws.on('close', onClose);
		ws.send(encodeChallenge(nonce));
	});
}

/**
 * The proof names a member and a device key that signed this connection's nonce, with the chain
 * from the member's root key on a linked device (device-signature.ts). Removed devices are the
 * room policy's business (policy/), once the room is open. Never throws.
 */
export async function isValidProof(proof: AuthProof, payload: Uint8Array): Promise<boolean> {
	try {
		const { clientId } = proof;
		if (!Number.isSafeInteger(clientId) || clientId < 0 || clientId > 0xffffffff) return false;
		return await isSignedByMember(
			{
				memberId: proof.memberId,
				deviceKey: proof.publicKey,
				chain: proof.chain,
				signature: proof.signature
			},
			payload
		);
	} catch {
		return false;
	}
}
