/**
 * Member identities for relay tests: Ed25519 key pairs as the app makes them (fresh, or derived
 * from a seeded generator), and linked devices with their certificate chains.
 */
import {
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	sign,
	type KeyObject
} from 'node:crypto';
import * as prng from 'lib0/prng';
import { memberIdFromPublicKey } from '../../src/lib/domain/identity/member-id';
import {
	certificatePayload,
	type DeviceCertificate
} from '../../src/lib/domain/identity/device-chain';
import { proofPayload, type AuthProof } from '../../src/lib/sync/protocol';

/**
 * A member as the app has one: an Ed25519 key pair, and the id derived from the public key. Or
 * one of the member's linked devices (`linkDevice`): its own key pair, and a chain of
 * certificates from the member's first key to it.
 */
export interface TestMember {
	memberId: string;
	/** Raw public key of this device, base64url (the JWK `x`): the member's root key on the first. */
	publicKey: string;
	/** Certificates from the member's root key to `publicKey`; empty on the first device. */
	chain: DeviceCertificate[];
	sign(payload: Uint8Array): Uint8Array;
	/** The answer to a relay challenge for `boardId`, writing with Yjs client `clientId`. */
	proof(boardId: string, nonce: Uint8Array, clientId: number): AuthProof;
	/** `<memberId>:<recordId>`: the only kind of key this member may write. */
	key(recordId: string): string;
}

/**
 * A fresh member; with `gen`, one derived from the seeded generator, so that a test's member ids
 * (and the bytes of every record key) are the same on every run with the same seed.
 */
export function testMember(gen?: prng.PRNG): TestMember {
	const keys = gen ? keyPairFromSeed(prng.uint8Array(gen, 32)) : generateKeyPairSync('ed25519');
	const publicKey = rawPublicKey(keys.publicKey);
	return device(publicKey, signer(keys.privateKey), memberIdFromPublicKey(publicKey), []);
}

export interface LinkOptions {
	label?: string;
	addedAt?: number;
	/** The member id the certificate is signed for; the issuer's otherwise. */
	memberId?: string;
	/** Signs the certificate with this key instead of the issuer's (a forgery). */
	signer?: TestMember;
	/** Links this existing device's key pair instead of a new one (one device, two members). */
	keysOf?: TestMember;
}

/**
 * A new device of `issuer`'s member, certified by `issuer`: the member's first device or one
 * already linked. Its chain is the issuer's plus the new certificate.
 */
export function linkDevice(issuer: TestMember, options: LinkOptions = {}): TestMember {
	const keys = options.keysOf ?? testMember();
	const unsigned: DeviceCertificate = {
		deviceKey: keys.publicKey,
		encryptionKey: testEncryptionKey(),
		label: options.label ?? 'Téléphone',
		addedAt: options.addedAt ?? Date.now(),
		issuer: issuer.publicKey,
		signature: ''
	};
	const payload = certificatePayload(options.memberId ?? issuer.memberId, unsigned);
	const signature = Buffer.from((options.signer ?? issuer).sign(payload)).toString('base64url');
	return device(keys.publicKey, keys.sign, issuer.memberId, [
		...issuer.chain,
		{ ...unsigned, signature }
	]);
}

/** The certificate that linked this device (its chain's last). */
export function certificateOf(member: TestMember): DeviceCertificate {
	const certificate = member.chain.at(-1);
	if (!certificate) throw new Error('a first device has no certificate');
	return certificate;
}

/** The member's first key, which the member id derives from. */
export function rootKeyOf(member: TestMember): string {
	return member.chain[0]?.issuer ?? member.publicKey;
}

function signer(privateKey: KeyObject): (payload: Uint8Array) => Uint8Array {
	return (payload) => new Uint8Array(sign(null, payload, privateKey));
}

function device(
	x: string,
	signBytes: (payload: Uint8Array) => Uint8Array,
	memberId: string,
	chain: DeviceCertificate[]
): TestMember {
	return {
		memberId,
		publicKey: x,
		chain,
		sign: signBytes,
		proof: (boardId, nonce, clientId) => ({
			memberId,
			publicKey: x,
			clientId,
			signature: signBytes(proofPayload(boardId, nonce)),
			chain
		}),
		key: (recordId) => `${memberId}:${recordId}`
	};
}

function rawPublicKey(publicKey: KeyObject): string {
	const x = publicKey.export({ format: 'jwk' }).x;
	if (x === undefined) throw new Error('no raw public key in the JWK');
	return x;
}

/** A raw P-256 public key in base64url, as a device's ECDH key is published. */
function testEncryptionKey(): string {
	const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
		format: 'der',
		type: 'spki'
	});
	return spki.subarray(spki.byteLength - 65).toString('base64url');
}

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyPairFromSeed(seed: Uint8Array): { publicKey: KeyObject; privateKey: KeyObject } {
	const privateKey = createPrivateKey({
		key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
		format: 'der',
		type: 'pkcs8'
	});
	return { privateKey, publicKey: createPublicKey(privateKey) };
}
