/**
 * An open board's invite secret, for the join endpoint (join requests): whoever joins an open
 * board gets it. It sits in the index's own column and no directory answer ever reads it.
 */
import type { SqlAccess } from '../storage';
import { ensureDirectorySchema } from './schema';

/** The secret of an open board, or null for a listed, private or unknown one. */
export async function openInviteSecret(sql: SqlAccess, roomId: string): Promise<string | null> {
	ensureDirectorySchema(sql);
	const row = await sql
		.read<{ invite_secret: string | null }>(
			"SELECT invite_secret FROM directory_boards WHERE room = ? AND visibility = 'open'"
		)
		.get(roomId);
	return row?.invite_secret ?? null;
}
