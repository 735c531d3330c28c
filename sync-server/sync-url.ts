/** Parses `/sync/<boardId>?token=<token>` from an upgrade request. */
import { ID_PATTERN, SYNC_PATH, TOKEN_PATTERN } from '../src/lib/sync/protocol';

export type SyncTarget = { valid: true; roomId: string; token: string } | { valid: false };

/** Returns null when the path is not the sync endpoint at all (answered with a plain 404). */
export function parseSyncUrl(url: string): SyncTarget | null {
	let parsed: URL;
	try {
		// A fixed base: only the path and query of the request line matter.
		parsed = new URL(url, 'http://relay.invalid');
	} catch {
		return null;
	}
	const { pathname } = parsed;
	if (pathname !== SYNC_PATH && !pathname.startsWith(SYNC_PATH + '/')) return null;
	const roomId = pathname.slice(SYNC_PATH.length + 1);
	const token = parsed.searchParams.get('token') ?? '';
	if (!ID_PATTERN.test(roomId) || !TOKEN_PATTERN.test(token)) return { valid: false };
	return { valid: true, roomId, token };
}
