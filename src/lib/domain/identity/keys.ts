/**
 * Member identity: an Ed25519 key pair made on the device with WebCrypto. The private key is
 * non-extractable (it can sign, never be read or copied); the member id derives from the public key.
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import type { ProfileFields } from '../members/types';
import { memberIdFromPublicKey } from './member-id';
import { certificateFields, trustedDevices } from './device-chain';

export interface IdentityKeys {
	memberId: string;
	publicKey: string;
	privateKey: CryptoKey;
}

export async function generateIdentityKeys(): Promise<IdentityKeys> {
	const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
	const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	const publicKey = toBase64UrlEncoded(raw);
	return { memberId: memberIdFromPublicKey(publicKey), publicKey, privateKey: pair.privateKey };
}

export type { ProfileFields } from '../members/types';

/** A profile that involves more than the first device, signed as v3. */
function isMultiDevice(p: ProfileFields): boolean {
	return (
		(p.signer !== undefined && p.signer !== p.publicKey) ||
		(p.devices?.length ?? 0) > 0 ||
		p.rootRemovedAt != null
	);
}

/**
 * Canonical bytes a member signs for their profile: fixed field order, so every device agrees.
 * A profile with an encryption key signs it too (v2), or anyone could swap in their own key and read
 * what is sealed to this member. Without one the bytes stay exactly v1, so old records still verify.
 * A member with linked devices signs the whole device list and removal marks too (v3), so nobody
 * but the member can add a device to seal to, or hide that one was taken back. A profile with a
 * photo signs v4 (v3's fields and the photo's hash); without one nothing changes, so every record
 * signed before photos still verifies.
 */
export function profilePayload(p: ProfileFields): Uint8Array {
	let fields: unknown[];
	if (p.photo != null) {
		// v4: everything v3 signs, and the photo's hash, so only the member can attach or swap it.
		fields = ['quartier/profile/v4', ...v3Fields(p), p.photo];
	} else if (isMultiDevice(p)) {
		fields = ['quartier/profile/v3', ...v3Fields(p)];
	} else if (p.encryptionKey == null) {
		fields = ['quartier/profile/v1', p.name, p.bio, p.publicKey, p.joinedAt];
	} else {
		fields = ['quartier/profile/v2', p.name, p.bio, p.publicKey, p.joinedAt, p.encryptionKey];
	}
	return new TextEncoder().encode(JSON.stringify(fields));
}

/** The fields v3 signs after its tag, in their fixed order (v4 adds the photo after them). */
function v3Fields(p: ProfileFields): unknown[] {
	return [
		p.name,
		p.bio,
		p.publicKey,
		p.joinedAt,
		p.encryptionKey ?? null,
		p.signer ?? p.publicKey,
		p.rootRemovedAt ?? null,
		(p.devices ?? []).map(certificateFields),
		p.updatedAt ?? null
	];
}

export async function signProfile(privateKey: CryptoKey, p: ProfileFields): Promise<string> {
	const sig = await crypto.subtle.sign(
		{ name: 'Ed25519' },
		privateKey,
		profilePayload(p) as BufferSource
	);
	return toBase64UrlEncoded(new Uint8Array(sig));
}

/**
 * A profile is the member's when it is signed by their first key or by a device every listed
 * certificate links to that key; a list with one certificate that does not chain is refused whole,
 * so every key a view seals to or accepts signatures from is one the member really linked.
 */
export async function verifyProfile(p: ProfileFields & { signature: string }): Promise<boolean> {
	const signer = p.signer ?? p.publicKey;
	const devices = p.devices ?? [];
	if (devices.length > 0 || signer !== p.publicKey) {
		let memberId: string;
		try {
			memberId = memberIdFromPublicKey(p.publicKey);
		} catch {
			return false;
		}
		const trusted = await trustedDevices(memberId, p.publicKey, devices, verifyBytes);
		if (trusted.size !== devices.length) return false;
		if (signer !== p.publicKey && !trusted.has(signer)) return false;
	}
	return verifyBytes(signer, profilePayload(p), p.signature);
}

/** Signs arbitrary bytes as the member (the relay's connection challenge). */
export async function signBytes(privateKey: CryptoKey, bytes: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(
		await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, bytes as BufferSource)
	);
}

/** Checks a member's signature over bytes (ratings); false for any malformed input. */
export async function verifyBytes(
	publicKey: string,
	bytes: Uint8Array,
	signature: string
): Promise<boolean> {
	try {
		const key = await crypto.subtle.importKey(
			'raw',
			fromBase64UrlEncoded(publicKey) as BufferSource,
			{ name: 'Ed25519' },
			false,
			['verify']
		);
		return await crypto.subtle.verify(
			{ name: 'Ed25519' },
			key,
			fromBase64UrlEncoded(signature) as BufferSource,
			bytes as BufferSource
		);
	} catch {
		return false;
	}
}
