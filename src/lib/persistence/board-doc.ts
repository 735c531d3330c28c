/** y-indexeddb persistence of board docs: one IndexedDB database per board. */
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import type * as Y from 'yjs';

const dbName = (boardId: string) => `quartier-board-${boardId}`;

export function persistBoardDoc(boardId: string, doc: Y.Doc): IndexeddbPersistence {
	return new IndexeddbPersistence(dbName(boardId), doc);
}

export async function deleteBoardDoc(boardId: string): Promise<void> {
	await clearDocument(dbName(boardId));
}
