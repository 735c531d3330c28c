/**
 * Signatures for the relay's HTTP calls (issue 16), made the way a connection proof is
 * (board-connection.ts): this device's key signs, and on a linked device the certificate chain
 * leads to it from the member's root key. The private key never leaves `sign`.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import type { DeviceCertificate } from '../domain/identity/device-chain';
import {
	adminCallPayload,
	joinRequestPayload,
	joinStatusPayload,
	type AdminCallAuth,
	type JoinRequestBody,
	type SignedJoinRequest
} from '../domain/join/request';

export interface DeviceSigner {
	memberId: string;
	/** This device's signing key. */
	deviceKey: string;
	/** This device's ECDH key (what the invite is sealed to on acceptance). */
	encryptionKey: string;
	chain: DeviceCertificate[];
	sign(bytes: Uint8Array): Promise<Uint8Array>;
}

export async function signJoinRequest(
	signer: DeviceSigner,
	body: JoinRequestBody
): Promise<SignedJoinRequest> {
	const signature = await signer.sign(joinRequestPayload(body));
	return { body, signature: toBase64UrlEncoded(signature) };
}

export async function signStatusCall(
	signer: DeviceSigner,
	requestId: string,
	at: number
): Promise<{ at: number; signature: string }> {
	return { at, signature: toBase64UrlEncoded(await signer.sign(joinStatusPayload(requestId, at))) };
}

/** base64url(sha256(bytes)): the body hash an admin call signs ("" hashes the empty body). */
export async function bodyHash(body: string | Uint8Array): Promise<string> {
	const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
	return toBase64UrlEncoded(
		new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
	);
}

/** The `Authorization` header of an admin call: `Quartier <base64url(JSON(AdminCallAuth))>`. */
export async function adminAuthorization(
	signer: DeviceSigner,
	call: { boardId: string; method: string; path: string; body: string | Uint8Array; at: number }
): Promise<string> {
	const payload = adminCallPayload({
		boardId: call.boardId,
		method: call.method,
		path: call.path,
		at: call.at,
		bodyHash: await bodyHash(call.body)
	});
	const auth: AdminCallAuth = {
		memberId: signer.memberId,
		deviceKey: signer.deviceKey,
		chain: signer.chain,
		at: call.at,
		signature: toBase64UrlEncoded(await signer.sign(payload))
	};
	return `Quartier ${toBase64UrlEncoded(new TextEncoder().encode(JSON.stringify(auth)))}`;
}
