/** y-indexeddb persistence of board docs: one IndexedDB database per board. */
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence, clearDocument, fetchUpdates } from 'y-indexeddb';
import * as Y from 'yjs';

const dbName = (boardId: string) => `quartier-board-${boardId}`;

export function persistBoardDoc(boardId: string, doc: Y.Doc): IndexeddbPersistence {
	const persistence = new IndexeddbPersistence(dbName(boardId), doc);
	skipEncodingOwnLoads(persistence, doc);
	return persistence;
}

/**
 * Yjs encodes every transaction as an update for its 'update' listeners, and y-indexeddb's own
 * listener is one: applying a stored 12 MB board re-encoded all of it (a second on a phone) only
 * for y-indexeddb to drop it (it never stores what it loaded itself, `origin === persistence`).
 * So that listener is off during y-indexeddb's own load transactions and back on for any other
 * transaction before its update is emitted ('afterTransactionCleanup' runs just before), so no
 * local edit, even one an observer makes during the load, goes unstored.
 */
function skipEncodingOwnLoads(persistence: IndexeddbPersistence, doc: Y.Doc): void {
	const store = persistence._storeUpdate;
	let off = false;
	const restore = () => {
		if (!off || persistence._destroyed) return;
		off = false;
		doc.on('update', store);
	};
	doc.on('beforeTransaction', (tr: Y.Transaction) => {
		if (tr.origin !== persistence || off || persistence._destroyed) return;
		off = true;
		doc.off('update', store);
	});
	doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
		if (tr.origin !== persistence) restore();
	});
	doc.on('afterAllTransactions', restore);
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

/**
 * The stored state of a board whose doc is not open (or not loaded yet), read through a doc of
 * its own that is dropped afterwards. Two persistences on one database is what two tabs do too.
 */
export async function readBoardState(boardId: string): Promise<Uint8Array> {
	const doc = new Y.Doc();
	const persistence = persistBoardDoc(boardId, doc);
	try {
		await whenLoaded(persistence);
		return Y.encodeStateAsUpdate(doc);
	} finally {
		await persistence.destroy();
		doc.destroy();
	}
}

/**
 * Adds `update` to the board's stored doc, before any session opens it (an imported board).
 * y-indexeddb writes an update without waiting for it; reading the store again afterwards waits
 * for that write, so once this resolves a session opening the board finds the content there.
 */
export async function writeBoardState(boardId: string, update: Uint8Array): Promise<void> {
	const doc = new Y.Doc();
	const persistence = persistBoardDoc(boardId, doc);
	try {
		await whenLoaded(persistence);
		Y.applyUpdate(doc, update);
		await fetchUpdates(persistence);
	} finally {
		await persistence.destroy();
		doc.destroy();
	}
}

/**
 * Replaces everything stored of a board's doc by `update`, in one IndexedDB transaction: a crash
 * or a full disk leaves either the old state or the new one, never neither. No persistence may be
 * open on the board meanwhile (its later writes would land on top of the new state).
 * The stores are the ones y-indexeddb creates (an `updates` log it merges on load, and `custom`).
 */
export async function replaceBoardState(boardId: string, update: Uint8Array): Promise<void> {
	const db = await idb.openDB(dbName(boardId), (db) =>
		idb.createStores(db, [['updates', { autoIncrement: true }], ['custom']])
	);
	try {
		const [updates] = idb.transact(db, ['updates']);
		const done = new Promise<void>((resolve, reject) => {
			const tx = updates!.transaction;
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
		});
		updates!.clear();
		updates!.add(update);
		await done;
	} finally {
		db.close();
	}
}
