/**
 * Photos of spaces kept on this phone (issue 19): what the relay sent, or what this phone encoded
 * and uploaded, by board and hash, so a board's photos show offline like the rest of it. A hash
 * names its bytes forever, so a row is never updated, only written once and dropped with the board.
 */
import type { PhotoBlobRow, QuartierDb } from './db';

export function getPhoto(
	db: QuartierDb,
	boardId: string,
	hash: string
): Promise<PhotoBlobRow | undefined> {
	return db.photoBlobs.get([boardId, hash]);
}

export async function putPhoto(
	db: QuartierDb,
	row: Omit<PhotoBlobRow, 'storedAt'>,
	now = Date.now()
): Promise<void> {
	await db.photoBlobs.put({ ...row, storedAt: now });
}
