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

/**
 * Where my own profile photo is kept (issue 19), apart from any board: a board id is never this
 * (ids are base64url), and dropping a board leaves it. Each board I share it with gets its own row
 * once its relay has the bytes.
 */
export const MY_PHOTO_BOARD = '~my-profile-photo';

export async function deletePhoto(db: QuartierDb, boardId: string, hash: string): Promise<void> {
	await db.photoBlobs.delete([boardId, hash]);
}

/** Forgets which boards' relays had these bytes (their rows): the next share uploads them again. */
export async function forgetBoardCopies(db: QuartierDb, hash: string): Promise<void> {
	await db.photoBlobs.filter((row) => row.hash === hash && row.boardId !== MY_PHOTO_BOARD).delete();
}

/** These bytes kept for any board (a photo another of my devices attached, fetched from a board). */
export function findPhoto(db: QuartierDb, hash: string): Promise<PhotoBlobRow | undefined> {
	return db.photoBlobs.filter((row) => row.hash === hash).first();
}
