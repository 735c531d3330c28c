/**
 * Valibot shapes shared by every record's validator (board, members, help, engagement, cowork,
 * trust). One definition each, so a time or a key means the same thing in every collection and
 * the relay, which compiles these modules, checks them exactly as the app does.
 */
import * as v from 'valibot';
import { ID_RE, RECORD_KEY_RE } from './ids';

/** Milliseconds since 1970, up to the largest date JavaScript can represent (year 275760). */
export const time = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

/** A string of at most `max` characters (the record's own limit, from its `*_LIMITS`). */
export const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Like `text`, but never empty: names and titles. */
export const requiredText = (max: number) => v.pipe(text(max), v.minLength(1));

/** Base64url characters only (sealed blobs, signatures), at most `max`. */
export const b64url = (max: number) => v.pipe(text(max), v.regex(/^[A-Za-z0-9_-]*$/));

/** A member id (ids.ts: 22 base64url characters). */
export const memberIdShape = v.pipe(v.string(), v.regex(ID_RE));

/** A record key `<memberId>:<recordId>` (ids.ts, `parseRecordKey`), pointing at another record. */
export const recordKeyShape = v.pipe(v.string(), v.regex(RECORD_KEY_RE));

/** A raw Ed25519 public key is 32 bytes: 43 base64url characters. */
export const SIGNING_KEY_RE = /^[A-Za-z0-9_-]{43}$/;
export const signingKey = v.pipe(v.string(), v.regex(SIGNING_KEY_RE));

/**
 * A raw uncompressed P-256 point is 65 bytes starting with 0x04: 87 base64url characters starting
 * with 'B'; the last one carries 2 padding bits, which must be zero. Only the canonical spelling is
 * accepted, because `open` (identity/sealed.ts) finds its own side by comparing key strings.
 */
export const ENCRYPTION_KEY_RE = /^B[A-Za-z0-9_-]{85}[AEIMQUYcgkosw048]$/;

/** The longest key string a record may hold, whatever its kind. */
export const KEY_MAX_CHARS = 100;
export const encryptionKey = v.pipe(text(KEY_MAX_CHARS), v.regex(ENCRYPTION_KEY_RE));

/** The first problem valibot found, as `path: message`, for the debug view's list of skipped records. */
export function firstIssue(result: { issues?: readonly v.BaseIssue<unknown>[] }): string {
	const issue = result.issues?.[0];
	if (!issue) return 'invalid';
	const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
	return path ? `${path}: ${issue.message}` : issue.message;
}
