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
