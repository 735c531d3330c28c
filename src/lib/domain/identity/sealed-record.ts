/**
 * The shape of a blob sealed by identity/sealed.ts, read from untrusted doc data. It lives apart
 * from sealed.ts, with no WebCrypto in sight, so modules the relay compiles (Node types, no DOM) can
 * validate records that hold one.
 */
import * as v from 'valibot';
import { b64url, encryptionKey, KEY_MAX_CHARS } from '../fields';

export const SEALED_LIMITS = { key: KEY_MAX_CHARS, iv: 32, ct: 8000 } as const;

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
