/**
 * Keys of the signature caches (profiles in BoardSession, ratings in AidState). A check is only
 * reused for the exact bytes it covered: a record rewritten with other signed fields (stars, a
 * comment, a profile's encryption key) under its old signature is a new entry, checked again —
 * so a hostile relay cannot swap a member's encryption key behind a signature this phone accepted.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';

/** `<record key>:<SHA-256 of the signed payload>:<signature>`. */
export function signatureCheckKey(
	recordKey: string,
	payload: Uint8Array,
	signature: string
): string {
	return `${recordKey}:${toBase64UrlEncoded(digest(payload))}:${signature}`;
}
