/**
 * Bookkeeping behind "N changes only on this device". Each local transaction records the clock
 * it reached for its Yjs client id; a relay acknowledgement (a state vector of what the relay has
 * committed) removes every entry it covers. Kept in IndexedDB so the count survives a reload, and
 * watched with Dexie's liveQuery so every tab of the device shows the same count.
 */
import { liveQuery } from 'dexie';
import * as Y from 'yjs';
import type { PendingChange, QuartierDb } from './db';

export async function recordPending(
	db: QuartierDb,
	boardId: string,
	clientId: number,
	clock: number,
	from = 0
): Promise<void> {
	await db.pendingChanges.put({ boardId, clientId, clock, from });
}

export async function acknowledge(
	db: QuartierDb,
	boardId: string,
	stored: Map<number, number>
): Promise<void> {
	await db.pendingChanges
		.where('boardId')
		.equals(boardId)
		.filter((p) => (stored.get(p.clientId) ?? 0) >= p.clock)
		.delete();
}

/**
 * Forgets the entries of transactions the board's copy on this device does not hold (`copy`,
 * once loaded from IndexedDB). Two IndexedDB databases take one local write
 * (y-indexeddb's and this one), and a tab closed between their commits keeps the entry without
 * the structs: nothing can ever send or acknowledge them, so "1 change only on this device" would
 * stay forever. The session rewrites whatever such a write was for (its profile, a member record).
 * Another tab's write caught between its two commits is forgotten too, and counted again at its
 * next change; that only under-counts for a moment, and loses nothing.
 */
export async function forgetUnheld(db: QuartierDb, boardId: string, copy: Y.Doc): Promise<number> {
	return db.pendingChanges
		.where('boardId')
		.equals(boardId)
		.filter((p) => Y.getState(copy.store, p.clientId) < p.clock)
		.delete();
}

export async function countPending(db: QuartierDb, boardId: string): Promise<number> {
	return db.pendingChanges.where('boardId').equals(boardId).count();
}

/** Calls `onCount` now and whenever the board's pending entries change, in any tab. */
export function watchPendingCount(
	db: QuartierDb,
	boardId: string,
	onCount: (count: number) => void,
	onError: (error: unknown) => void
): () => void {
	const subscription = liveQuery(() => countPending(db, boardId)).subscribe({
		next: onCount,
		error: onError
	});
	return () => subscription.unsubscribe();
}

/**
 * Calls `onRows` now and whenever the board's pending entries change, in any tab. `mark` is read
 * as each query starts, before its read transaction: every write counted in it is in the rows.
 */
export function watchPendingRows(
	db: QuartierDb,
	boardId: string,
	mark: () => number,
	onRows: (rows: PendingChange[], mark: number) => void,
	onError: (error: unknown) => void
): () => void {
	const query = async () => {
		const seen = mark();
		return { rows: await db.pendingChanges.where('boardId').equals(boardId).toArray(), seen };
	};
	const subscription = liveQuery(query).subscribe({
		next: ({ rows, seen }) => onRows(rows, seen),
		error: onError
	});
	return () => subscription.unsubscribe();
}
