/**
 * Identifiers. Every record key is `<memberId>:<recordId>` (DESIGN.md §5): the prefix names the
 * only member allowed to write under it, which is what lets the relay enforce write scopes.
 */
import { digest } from 'lib0/hash/sha256';
import { toBase64UrlEncoded } from 'lib0/buffer';

/** 22 base64url characters = 132 bits: collision-free for any board, short enough for URLs. */
export const ID_LENGTH = 22;
export const ID_RE = /^[A-Za-z0-9_-]{22}$/;

export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_RE.test(value);
}

export function randomId(): string {
	return toBase64UrlEncoded(crypto.getRandomValues(new Uint8Array(16))).slice(0, ID_LENGTH);
}

/** Short, stable id from a hash: used for member ids (from a public key) and board ids. */
export function hashId(input: Uint8Array | string): string {
	const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	return toBase64UrlEncoded(digest(bytes)).slice(0, ID_LENGTH);
}

/** What `parseRecordKey` accepts, as one pattern, for validators of records that point at others. */
export const RECORD_KEY_RE = /^[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{1,64}$/;

export function recordKey(authorId: string, recordId: string): string {
	return `${authorId}:${recordId}`;
}

export interface ParsedKey {
	authorId: string;
	recordId: string;
}

export function parseRecordKey(key: string): ParsedKey | null {
	const colon = key.indexOf(':');
	if (colon !== ID_LENGTH) return null;
	const authorId = key.slice(0, colon);
	const recordId = key.slice(colon + 1);
	if (!isId(authorId) || !/^[A-Za-z0-9_-]{1,64}$/.test(recordId)) return null;
	return { authorId, recordId };
}
