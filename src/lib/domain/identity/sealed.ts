/**
 * Sealing a short secret (a host's address, a phone number) between two members, so it can sit in
 * the shared board doc without being readable by the relay or the other members (DESIGN.md §6).
 *
 * Static-static ECDH P-256: the only key agreement every WebCrypto (Safari included) supports.
 * Identity keys are Ed25519 and non-extractable, so they cannot be converted to X25519; each member
 * publishes a separate ECDH public key in their signed profile instead. Both parties derive the
 * same AES key, so the sealer can read back what it sealed.
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import * as v from 'valibot';
import { ENCRYPTION_KEY_RE } from '../fields';
import { SEALED_LIMITS, SealedRecord } from './sealed-record';

export { ENCRYPTION_KEY_RE } from '../fields';
export { SEALED_LIMITS, SealedField, SealedRecord } from './sealed-record';

/**
 * Largest plaintext whose ciphertext (plus the 16-byte GCM tag) still fits `SEALED_LIMITS.ct`
 * once base64url-encoded: a sealer must not write a record every reader would reject.
 */
export const SEALED_MAX_PLAINTEXT_BYTES = Math.floor((SEALED_LIMITS.ct * 6) / 8) - 16;

const SALT = new TextEncoder().encode('quartier/sealed/v1');
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const IV_BYTES = 12;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

export interface EncryptionKeys {
	/** Raw uncompressed point, base64url. */
	publicKey: string;
	/** Non-extractable: it can derive shared secrets, never be read or copied. */
	privateKey: CryptoKey;
}

export interface Sealed {
	v: 1;
	/** The sealer's ECDH public key. */
	from: string;
	/** The recipient's ECDH public key. */
	to: string;
	iv: string;
	ct: string;
}

/** One blob, or one per recipient key when the recipient is a member with several devices. */
export type SealedSet = Sealed | Sealed[];

/** The recipients' keys a set is sealed to. */
export function sealedRecipients(set: SealedSet): string[] {
	return (Array.isArray(set) ? set : [set]).map((s) => s.to);
}

/** True when `set` is sealed to exactly `keys` (in any order): nobody missing, nobody extra. */
export function isSealedToExactly(set: SealedSet, keys: readonly string[]): boolean {
	const to = new Set(sealedRecipients(set));
	return to.size === keys.length && keys.every((k) => to.has(k));
}

/**
 * Seals the same text to each of `recipients` (every live device of a member); one recipient
 * gives a plain blob, which older app versions read as before.
 */
export async function sealToAll(
	myPrivate: CryptoKey,
	myPublic: string,
	recipients: readonly string[],
	context: string,
	plaintext: string
): Promise<SealedSet> {
	const unique = [...new Set(recipients)];
	if (unique.length === 0) throw new TypeError('no recipient');
	const blobs = await Promise.all(
		unique.map((to) => seal(myPrivate, myPublic, to, context, plaintext))
	);
	return blobs.length === 1 ? blobs[0]! : blobs;
}

/**
 * Opens the blob of a set meant for this device (or sealed by it); null like `open` when there
 * is none or it does not open.
 */
export async function openSet(
	myPrivate: CryptoKey,
	myPublic: string,
	set: SealedSet,
	context: string
): Promise<string | null> {
	const blobs = Array.isArray(set) ? set : [set];
	const mine =
		blobs.find((s) => s?.to === myPublic) ?? blobs.find((s) => s?.from === myPublic) ?? null;
	return mine ? open(myPrivate, myPublic, mine, context) : null;
}

export async function generateEncryptionKeys(): Promise<EncryptionKeys> {
	const pair = (await crypto.subtle.generateKey(CURVE, false, ['deriveBits'])) as CryptoKeyPair;
	const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	return { publicKey: toBase64UrlEncoded(raw), privateKey: pair.privateKey };
}

/**
 * Encrypts `plaintext` for the owner of `theirPublic`. `context` names the record the blob belongs
 * to (a booking key, say): it feeds the key derivation and the GCM additional data, so a blob copied
 * under another record does not open there.
 */
export async function seal(
	myPrivate: CryptoKey,
	myPublic: string,
	theirPublic: string,
	context: string,
	plaintext: string
): Promise<Sealed> {
	if (!ENCRYPTION_KEY_RE.test(myPublic) || !ENCRYPTION_KEY_RE.test(theirPublic)) {
		throw new TypeError('not an encryption public key');
	}
	const bytes = new TextEncoder().encode(plaintext);
	if (bytes.length > SEALED_MAX_PLAINTEXT_BYTES) throw new RangeError('plaintext too long');
	const key = await sharedKey(myPrivate, theirPublic, context);
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const ct = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: encode(context) },
		key,
		bytes as BufferSource
	);
	return {
		v: 1,
		from: myPublic,
		to: theirPublic,
		iv: toBase64UrlEncoded(iv),
		ct: toBase64UrlEncoded(new Uint8Array(ct))
	};
}

/**
 * Decrypts a blob either party can read: the recipient, or the sealer reading back its own.
 * Returns null on anything wrong (not mine, tampered, malformed, another record's blob): the data
 * comes from other members' devices, and a view must never crash on it.
 */
export async function open(
	myPrivate: CryptoKey,
	myPublic: string,
	sealed: Sealed,
	context: string
): Promise<string | null> {
	try {
		if (!v.is(SealedRecord, sealed) || typeof context !== 'string') return null;
		const peer = sealed.to === myPublic ? sealed.from : sealed.from === myPublic ? sealed.to : null;
		if (peer === null) return null;
		const iv = decode(sealed.iv);
		const ct = decode(sealed.ct);
		if (!iv || iv.length !== IV_BYTES || !ct) return null;
		const key = await sharedKey(myPrivate, peer, context);
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: iv as BufferSource, additionalData: encode(context) },
			key,
			ct as BufferSource
		);
		return new TextDecoder('utf-8', { fatal: true }).decode(plain);
	} catch {
		return null;
	}
}

async function sharedKey(myPrivate: CryptoKey, theirPublic: string, context: string) {
	const raw = decode(theirPublic);
	if (!raw) throw new TypeError('bad public key');
	const peer = await crypto.subtle.importKey('raw', raw as BufferSource, CURVE, false, []);
	const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, myPrivate, 256);
	const ikm = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: encode(context) },
		ikm,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

const encode = (s: string) => new TextEncoder().encode(s) as BufferSource;

/**
 * Strict base64url: Node's decoder skips characters it does not know and the browser's throws, so
 * check first and both agree on what is malformed. A length of 1 mod 4 cannot come from any bytes.
 */
function decode(s: string): Uint8Array | null {
	if (!B64URL_RE.test(s) || s.length % 4 === 1) return null;
	return fromBase64UrlEncoded(s);
}
