/**
 * The relay's proof check, in process: a linked device's proof survives the wire as it was sent,
 * and whatever garbage a proof holds, `isValidProof` answers false and never throws.
 */
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import {
	encodeProof,
	MESSAGE_AUTH_PROOF,
	proofPayload,
	readProofBody,
	type AuthProof
} from '../../src/lib/sync/protocol';
import { isValidProof } from '../../sync-server/authenticate';
import { verifyWithNodeCrypto } from '../../sync-server/ed25519';
import { linkDevice, randomBoardId, testMember } from './clients';

function decode(frame: Uint8Array): AuthProof {
	const decoder = decoding.createDecoder(frame);
	expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AUTH_PROOF);
	return readProofBody(decoder);
}

describe('member proofs', () => {
	const board = randomBoardId();
	const nonce = new Uint8Array(randomBytes(32));
	const payload = proofPayload(board, nonce);
	const alice = testMember();
	const tablet = linkDevice(linkDevice(alice));

	it('carries a linked device’s chain over the wire, and a first device’s proof as before', async () => {
		const proof = tablet.proof(board, nonce, 42);
		const received = decode(encodeProof(proof));
		// The relay reads a certificate without a removal mark as one with `removedAt: null`.
		expect(received).toEqual({
			...proof,
			chain: proof.chain.map((c) => ({ ...c, removedAt: null }))
		});
		expect(await isValidProof(received, payload)).toBe(true);

		const first = alice.proof(board, nonce, 42);
		expect(decode(encodeProof(first))).toEqual(first);
		// Nothing after the signature: what relays that predate devices read.
		const legacy = encodeProof(first);
		const decoder = decoding.createDecoder(legacy);
		decoding.readVarUint(decoder);
		decoding.readVarString(decoder);
		decoding.readVarString(decoder);
		decoding.readVarUint(decoder);
		decoding.readVarUint8Array(decoder);
		expect(decoding.hasContent(decoder)).toBe(false);
		expect(await isValidProof(first, payload)).toBe(true);
		expect(await isValidProof(first, proofPayload(randomBoardId(), nonce))).toBe(false);
	});

	it('verifies certificate signatures only for the key, bytes and signature they were made with', () => {
		const [toPhone] = tablet.chain;
		const bytes = new TextEncoder().encode('quartier');
		const signature = Buffer.from(alice.sign(bytes)).toString('base64url');
		expect(verifyWithNodeCrypto(alice.publicKey, bytes, signature)).toBe(true);
		expect(verifyWithNodeCrypto(toPhone?.deviceKey ?? '', bytes, signature)).toBe(false);
		expect(verifyWithNodeCrypto(alice.publicKey, new Uint8Array(8), signature)).toBe(false);
		expect(verifyWithNodeCrypto(alice.publicKey, bytes, signature + '==')).toBe(false);
		expect(verifyWithNodeCrypto(alice.publicKey, bytes, signature.slice(1))).toBe(false);
	});

	it('answers false, never throws, for 2,000 proofs with garbage in them', async () => {
		const gen = prng.create(20261122);
		const garbage: unknown[] = [
			null,
			undefined,
			// Not 0: a client id the proof does not sign, so a valid one.
			-1,
			2 ** 53,
			Number.NaN,
			'',
			'A'.repeat(43),
			'!'.repeat(43),
			alice.publicKey + '=',
			{},
			[],
			[null],
			new Uint8Array(64),
			{ issuer: alice.publicKey },
			[tablet.chain[0], null],
			[tablet.chain[0], 'certificate']
		];
		const valid = tablet.proof(board, nonce, 7);
		const fields = ['memberId', 'publicKey', 'clientId', 'signature', 'chain'] as const;
		const certFields = ['deviceKey', 'encryptionKey', 'label', 'addedAt', 'issuer', 'signature'];
		for (let i = 0; i < 2000; i++) {
			const proof: Record<string, unknown> = {
				...valid,
				chain: valid.chain.map((c) => ({ ...c }))
			};
			const value = prng.oneOf(gen, garbage);
			if (prng.bool(gen)) {
				proof[prng.oneOf(gen, [...fields])] = value;
			} else {
				const chain = proof.chain as Record<string, unknown>[];
				const cert = prng.oneOf(gen, chain);
				cert[prng.oneOf(gen, certFields)] = value;
			}
			const verdict = isValidProof(proof as unknown as AuthProof, payload);
			await expect(verdict, JSON.stringify(proof)).resolves.toBe(false);
		}
		expect(await isValidProof(valid, payload)).toBe(true);
	});
});
