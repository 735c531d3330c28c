/**
 * A join request to a listed board (issue 16), as the requester signs it and the relay stores it.
 * The requester has no token for the board, so a request cannot live in the board's document: it
 * lives on the relay, and only the board's admins read it. Shared by the app (which signs) and
 * the relay (which verifies); no WebCrypto here, callers pass the bytes to their own signer.
 *
 * A request names the requester's device keys; on a linked device its certificate chain leads
 * from the member's root key (as in the relay's connection proof), so the member id is the
 * requester's, whichever device asked.
 */
import * as v from 'valibot';
import type { DeviceCertificate } from '../identity/device-chain';
import { encryptionKey, memberIdShape, signingKey, text, time } from '../fields';
import { hashId, ID_RE } from '../ids';

export const JOIN_LIMITS = {
	name: 80,
	bio: 300,
	answer: 500,
	/** The admin's optional message on a decision. */
	message: 300,
	/** Linked devices of one member: far more than anyone has. */
	chain: 16
} as const;

const Certificate = v.looseObject({
	deviceKey: signingKey,
	encryptionKey,
	label: text(80),
	addedAt: time,
	issuer: signingKey,
	signature: text(200),
	removedAt: v.nullish(time)
});

export const JoinRequestBody = v.object({
	v: v.literal(1),
	boardId: v.pipe(v.string(), v.regex(ID_RE)),
	memberId: memberIdShape,
	/** The signing device's Ed25519 key. */
	deviceKey: signingKey,
	/** The requester device's ECDH key: what an acceptance seals the invite to. */
	encryptionKey,
	chain: v.pipe(v.array(Certificate), v.maxLength(JOIN_LIMITS.chain)),
	name: v.pipe(text(JOIN_LIMITS.name), v.minLength(1)),
	bio: text(JOIN_LIMITS.bio),
	/** One per question the admins asked, in order. */
	answers: v.pipe(v.array(text(JOIN_LIMITS.answer)), v.maxLength(3)),
	at: time
});
// The chain as the app holds it (DeviceCertificate), not valibot's loose-object reading of it.
export type JoinRequestBody = Omit<v.InferOutput<typeof JoinRequestBody>, 'chain'> & {
	chain: DeviceCertificate[];
};

/** What travels: the body and the device's signature over `joinRequestPayload(body)`. */
export interface SignedJoinRequest {
	body: JoinRequestBody;
	signature: string;
}

export const JOIN_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type JoinStatus = (typeof JOIN_STATUSES)[number];

/** One request per member and board: asking again replaces the pending one. */
export function joinRequestId(boardId: string, memberId: string): string {
	return hashId(`quartier/join-request-id/v1\n${boardId}\n${memberId}`);
}

/** Canonical bytes the requester signs: every field, in a fixed order. */
export function joinRequestPayload(b: JoinRequestBody): Uint8Array {
	const chain = b.chain.map((c) => [
		c.deviceKey,
		c.encryptionKey,
		c.label,
		c.addedAt,
		c.issuer,
		c.signature
	]);
	const fields = [
		'quartier/join-request/v1',
		b.boardId,
		b.memberId,
		b.deviceKey,
		b.encryptionKey,
		chain,
		b.name,
		b.bio,
		b.answers,
		b.at
	];
	return new TextEncoder().encode(JSON.stringify(fields));
}

/** What the requester signs to read its request's status (and, once accepted, the sealed invite). */
export function joinStatusPayload(requestId: string, at: number): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(['quartier/join-status/v1', requestId, at]));
}

/**
 * What an admin's device signs for a directory or request call on its board: the method, the
 * path with its query, the time, and a hash of the body, so nothing can be replayed elsewhere.
 */
export function adminCallPayload(call: {
	boardId: string;
	method: string;
	path: string;
	at: number;
	bodyHash: string;
}): Uint8Array {
	return new TextEncoder().encode(
		JSON.stringify([
			'quartier/admin-call/v1',
			call.boardId,
			call.method.toUpperCase(),
			call.path,
			call.at,
			call.bodyHash
		])
	);
}

/** A signed call is good for this long either side of the relay's clock. */
export const SIGNED_CALL_WINDOW_MS = 5 * 60_000;

/** The shape the relay checks an `AdminCallAuth` against before verifying its signature. */
export const AdminCallAuthShape = v.object({
	memberId: memberIdShape,
	deviceKey: signingKey,
	chain: v.pipe(v.array(Certificate), v.maxLength(JOIN_LIMITS.chain)),
	at: time,
	signature: text(200)
});

/** The admin's signature envelope, sent base64url-JSON in the `Authorization: Quartier …` header. */
export interface AdminCallAuth {
	memberId: string;
	deviceKey: string;
	chain: DeviceCertificate[];
	at: number;
	signature: string;
}

/** The admin's decision on one request, as sent (queued offline on the admin's phone). */
export interface JoinDecision {
	decision: 'accept' | 'decline';
	message: string;
	/** On acceptance: `{ boardId, secret }` JSON sealed to the request's encryptionKey. */
	sealedInvite: unknown;
}

/** Context the invite is sealed under, bound to the request (protocol: never change it). */
export const joinInviteContext = (requestId: string) => `quartier/join-invite/${requestId}`;
