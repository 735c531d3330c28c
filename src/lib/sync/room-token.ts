/**
 * The relay admits a connection to a board's room only with a token derived from the invite's
 * secret. The secret itself never leaves the device (it lives in the invite link's fragment); the
 * relay stores only a hash of the token.
 */
import { digest } from 'lib0/hash/sha256';
import { toBase64UrlEncoded } from 'lib0/buffer';

const TOKEN_CONTEXT = 'quartier/room-token/v1';

export function deriveRoomToken(boardId: string, secret: string): string {
	const input = new TextEncoder().encode(`${TOKEN_CONTEXT}\n${boardId}\n${secret}`);
	return toBase64UrlEncoded(digest(input));
}

/**
 * The SHA-256 hex of a room token: what the relay stores for a room's first token and what an
 * admin's invite-link record names (domain/board/invite-links.ts), so both compare the same thing.
 */
export function hashToken(token: string): string {
	const bytes = digest(new TextEncoder().encode(token));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash an invite-link record holds for a link's secret. */
export function linkTokenHash(boardId: string, secret: string): string {
	return hashToken(deriveRoomToken(boardId, secret));
}
