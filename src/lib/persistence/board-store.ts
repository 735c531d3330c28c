import type { QuartierDb, StoredBoard } from './db';
import { deleteBoardDoc } from './board-doc';
import { forgetBoardSlots } from './slot-projection';

export async function listBoards(db: QuartierDb): Promise<StoredBoard[]> {
	return db.boards.orderBy('joinedAt').toArray();
}

export async function getBoard(db: QuartierDb, id: string): Promise<StoredBoard | undefined> {
	return db.boards.get(id);
}

export async function saveBoard(db: QuartierDb, board: StoredBoard): Promise<void> {
	await db.boards.put(board);
}

export async function updateBoardCache(
	db: QuartierDb,
	id: string,
	name: string,
	city: string,
	admin: boolean
): Promise<void> {
	await db.boards.update(id, { name, city, admin });
}

/**
 * An imported board was rebuilt from what the relay confirms: it is an ordinary board from now
 * on. The board as stored afterwards, or undefined if it was left meanwhile.
 */
export async function markConfirmed(db: QuartierDb, id: string): Promise<StoredBoard | undefined> {
	// Dexie removes a property set to undefined.
	const changed = await db.boards.update(id, { unconfirmed: undefined });
	return changed ? getBoard(db, id) : undefined;
}

/** Leaving a board forgets everything this device holds about it. */
export async function forgetBoard(db: QuartierDb, id: string): Promise<void> {
	const tables = [
		db.boards,
		db.pendingChanges,
		db.postIndex,
		db.slotIndex,
		db.boardRequests,
		db.decisionOutbox,
		db.photoBlobs
	];
	await db.transaction('rw', tables, async () => {
		await db.boards.delete(id);
		await db.boardRequests.delete(id);
		await db.decisionOutbox.where('boardId').equals(id).delete();
		await db.pendingChanges.where('boardId').equals(id).delete();
		await db.postIndex.where('boardId').equals(id).delete();
		await db.photoBlobs.where('boardId').equals(id).delete();
		await forgetBoardSlots(db, id);
	});
	await deleteBoardDoc(id);
}
