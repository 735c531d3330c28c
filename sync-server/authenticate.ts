/**
 * The member handshake that follows an accepted room token: the relay sends a random nonce, the
 * client answers with its member id, public key, Yjs client id and an Ed25519 signature over the
 * nonce and the board id. Until then the client gets nothing of the document; what it sends early
 * (y-websocket greets at once) is held, within a byte budget and a deadline.
 */
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { fromBase64UrlEncoded } from 'lib0/buffer';
import type { RawData, WebSocket } from 'ws';
import { memberIdFromPublicKey } from '../src/lib/domain/board/read';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_AUTH_TIMEOUT,
	encodeChallenge,
	MESSAGE_AUTH_PROOF,
	proofPayload,
	readProofBody,
	type AuthProof
} from '../src/lib/sync/protocol';
import { toBytes } from './frames';

export interface AuthLimits {
	timeoutMs: number;
	maxBytes: number;
}

export interface Authenticated {
	proof: AuthProof;
	/** Frames received before the proof, to handle once the connection is admitted. */
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
		const finish = (result: Authenticated | null, close?: [number, string]) => {
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
			if (!isValidProof(proof, proofPayload(boardId, nonce))) {
				finish(null, [CLOSE_AUTH_FAILED, 'invalid member proof']);
				return;
			}
			finish({ proof, early });
		};
		ws.on('message', onMessage);
		ws.on('close', onClose);
		ws.send(encodeChallenge(nonce));
	});
}

/** The member id derives from the key, and the key signed this connection's nonce. */
export function isValidProof(proof: AuthProof, payload: Uint8Array): boolean {
	try {
		if (memberIdFromPublicKey(proof.publicKey) !== proof.memberId) return false;
		if (!Number.isSafeInteger(proof.clientId) || proof.clientId > 0xffffffff) return false;
		const raw = fromBase64UrlEncoded(proof.publicKey);
		if (raw.byteLength !== 32) return false;
		const key = createPublicKey({
			key: { kty: 'OKP', crv: 'Ed25519', x: proof.publicKey },
			format: 'jwk'
		});
		return verify(null, payload, key, proof.signature);
	} catch {
		return false;
	}
}
