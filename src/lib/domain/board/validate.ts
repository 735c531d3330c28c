/**
 * Records read from a doc may come from older, newer or buggy clients: each is checked against
 * these schemas, and anything that fails is skipped by views and listed in the debug view.
 * Schemas are loose (`looseObject`) so unknown fields from newer clients pass and are kept.
 */
import * as v from 'valibot';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** Milliseconds since 1970, up to the largest date JavaScript can represent (year 275760). */
const time = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

export const LIMITS = {
	name: 80,
	city: 80,
	neighbourhood: 80,
	description: 2000,
	memberName: 60,
	bio: 280,
	deviceLabel: 60
} as const;

export const BoardRecord = v.looseObject({
	schemaVersion: v.number(),
	name: v.pipe(text(LIMITS.name), v.minLength(1)),
	city: text(LIMITS.city),
	neighbourhood: text(LIMITS.neighbourhood),
	description: text(LIMITS.description),
	nonce: v.string(),
	createdAt: time
});

/**
 * A raw uncompressed P-256 point is 65 bytes starting with 0x04: 87 base64url characters starting
 * with 'B'; the last one carries 2 padding bits, which must be zero. Only the canonical spelling is
 * accepted, because `open` (identity/sealed.ts) finds its own side by comparing key strings.
 */
export const ENCRYPTION_KEY_RE = /^B[A-Za-z0-9_-]{85}[AEIMQUYcgkosw048]$/;

export const SEALED_LIMITS = { key: 100, iv: 32, ct: 8000 } as const;

const b64url = (max: number) => v.pipe(text(max), v.regex(/^[A-Za-z0-9_-]*$/));
const encryptionKey = v.pipe(text(SEALED_LIMITS.key), v.regex(ENCRYPTION_KEY_RE));

/**
 * A blob sealed by identity/sealed.ts, read from untrusted doc data. It lives here, with no
 * WebCrypto in sight, so modules the relay compiles (Node types, no DOM) can validate records that
 * hold one.
 */
export const SealedRecord = v.object({
	v: v.literal(1),
	from: encryptionKey,
	to: encryptionKey,
	iv: b64url(SEALED_LIMITS.iv),
	ct: b64url(SEALED_LIMITS.ct)
});

/**
 * What a record holds where something is sealed to a member: one blob, or one per device of a
 * member with several (identity/device-chain.ts). A single blob stays a plain object, as before.
 */
export const SealedField = v.union([
	SealedRecord,
	v.pipe(v.array(SealedRecord), v.minLength(1), v.maxLength(9))
]);

/** A raw Ed25519 public key is 32 bytes: 43 base64url characters. */
export const SIGNING_KEY_RE = /^[A-Za-z0-9_-]{43}$/;
const signingKey = v.pipe(v.string(), v.regex(SIGNING_KEY_RE));

/** How many live devices one member can link (the first one not counted), and the longest chain. */
export const MAX_LINKED_DEVICES = 8;
/** How many a profile may list, devices taken back included (their marks must stay). */
export const MAX_LISTED_DEVICES = 16;

/**
 * One linked device of a member (identity/devices.ts): its own keys, signed by a device the
 * member already had (`issuer`). `removedAt` marks a device the member took back (a lost phone).
 */
export const DeviceRecord = v.looseObject({
	deviceKey: signingKey,
	encryptionKey,
	label: text(LIMITS.deviceLabel),
	addedAt: time,
	issuer: signingKey,
	signature: b64url(100),
	removedAt: v.nullish(time, null)
});

export const MemberRecord = v.looseObject({
	schemaVersion: v.number(),
	name: v.pipe(text(LIMITS.memberName), v.minLength(1)),
	bio: text(LIMITS.bio),
	publicKey: signingKey,
	joinedAt: time,
	encryptionKey: v.optional(encryptionKey),
	signature: v.string(),
	/** The device key that signed this record; absent means the member's first key (`publicKey`). */
	signer: v.optional(signingKey),
	devices: v.optional(v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LISTED_DEVICES)), []),
	/** When name or bio last changed, on a member with several devices: the latest copy wins. */
	updatedAt: v.nullish(time, null),
	/** When the member took back their first device (a lost phone): its key can no longer connect. */
	rootRemovedAt: v.nullish(time, null)
});

export function firstIssue(result: { issues?: readonly v.BaseIssue<unknown>[] }): string {
	const issue = result.issues?.[0];
	if (!issue) return 'invalid';
	const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
	return path ? `${path}: ${issue.message}` : issue.message;
}
