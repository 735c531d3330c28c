/** y-indexeddb persistence of board docs: one IndexedDB database per board. */
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import type * as Y from 'yjs';

const dbName = (boardId: string) => `quartier-board-${boardId}`;

export function persistBoardDoc(boardId: string, doc: Y.Doc): IndexeddbPersistence {
	return new IndexeddbPersistence(dbName(boardId), doc);
}

/**
 * Resolves once the stored doc is loaded. y-indexeddb's `whenSynced` never settles when the
 * database cannot be opened (its `_db` promise rejects unobserved), so race it against that.
 */
export function whenLoaded(persistence: IndexeddbPersistence): Promise<void> {
	const failed = persistence._db.then(() => new Promise<never>(() => {}));
	return Promise.race([persistence.whenSynced.then(() => undefined), failed]);
}

export async function deleteBoardDoc(boardId: string): Promise<void> {
	await clearDocument(dbName(boardId));
}
