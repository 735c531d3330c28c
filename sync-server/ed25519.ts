/**
 * Ed25519 with Node's crypto, for keys and signatures as the app writes them: raw 32-byte public
 * keys in base64url (the JWK `x`), signatures as bytes or base64url strings. Anything malformed
 * verifies as false; nothing here throws.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { VerifySignature } from '../src/lib/domain/identity/device-chain';

const KEY_RE = /^[A-Za-z0-9_-]{43}$/;
const SIGNATURE_RE = /^[A-Za-z0-9_-]{86}$/;

/**
 * A 32-byte key in its one canonical spelling. The last of the 43 characters carries 2 padding
 * bits that decoders ignore, so four strings name each key; the relay compares keys as strings
 * (removed devices, chain links), so it only accepts the spelling that re-encodes to itself.
 */
export function isCanonicalKey(key: unknown): key is string {
	return (
		typeof key === 'string' &&
		KEY_RE.test(key) &&
		Buffer.from(key, 'base64url').toString('base64url') === key
	);
}

/** The canonical spelling of a base64url key (as written by a profile, which may not be). */
export function canonicalKey(key: string): string {
	return Buffer.from(key, 'base64url').toString('base64url');
}

export function verifyEd25519(
	publicKey: string,
	payload: Uint8Array,
	signature: Uint8Array
): boolean {
	try {
		if (!isCanonicalKey(publicKey) || signature.byteLength !== 64) return false;
		const key = createPublicKey({
			key: { kty: 'OKP', crv: 'Ed25519', x: publicKey },
			format: 'jwk'
		});
		return verify(null, payload, key, signature);
	} catch {
		return false;
	}
}

/** For device certificates (device-chain.ts), whose signatures are base64url strings. */
export const verifyWithNodeCrypto: VerifySignature = (publicKey, payload, signature) =>
	typeof signature === 'string' &&
	SIGNATURE_RE.test(signature) &&
	verifyEd25519(publicKey, payload, Buffer.from(signature, 'base64url'));
