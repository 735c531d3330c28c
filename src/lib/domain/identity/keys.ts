/**
 * Member identity: an Ed25519 key pair made on the device with WebCrypto. The private key is
 * non-extractable (it can sign, never be read or copied); the member id derives from the public key.
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import { memberIdFromPublicKey } from '../board/read';

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

export interface ProfileFields {
	name: string;
	bio: string;
	publicKey: string;
	joinedAt: number;
	/** ECDH public key others seal private details to (sealed.ts); absent on older profiles. */
	encryptionKey?: string | null;
}

/**
 * Canonical bytes a member signs for their profile: fixed field order, so every device agrees.
 * A profile with an encryption key signs it too (v2), or anyone could swap in their own key and read
 * what is sealed to this member. Without one the bytes stay exactly v1, so old records still verify.
 */
export function profilePayload(p: ProfileFields): Uint8Array {
	const fields =
		p.encryptionKey == null
			? ['quartier/profile/v1', p.name, p.bio, p.publicKey, p.joinedAt]
			: ['quartier/profile/v2', p.name, p.bio, p.publicKey, p.joinedAt, p.encryptionKey];
	return new TextEncoder().encode(JSON.stringify(fields));
}

export async function signProfile(privateKey: CryptoKey, p: ProfileFields): Promise<string> {
	const sig = await crypto.subtle.sign(
		{ name: 'Ed25519' },
		privateKey,
		profilePayload(p) as BufferSource
	);
	return toBase64UrlEncoded(new Uint8Array(sig));
}

export async function verifyProfile(p: ProfileFields & { signature: string }): Promise<boolean> {
	try {
		const key = await crypto.subtle.importKey(
			'raw',
			fromBase64UrlEncoded(p.publicKey) as BufferSource,
			{ name: 'Ed25519' },
			false,
			['verify']
		);
		return await crypto.subtle.verify(
			{ name: 'Ed25519' },
			key,
			fromBase64UrlEncoded(p.signature) as BufferSource,
			profilePayload(p) as BufferSource
		);
	} catch {
		return false;
	}
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
