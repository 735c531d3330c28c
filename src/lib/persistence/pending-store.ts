/**
 * Bookkeeping behind "N changes only on this device". Each local transaction records the clock
 * it reached for its Yjs client id; a relay acknowledgement (a state vector of what the relay has
 * committed) removes every entry it covers. Kept in IndexedDB so the count survives a reload, and
 * watched with Dexie's liveQuery so every tab of the device shows the same count.
 */
import { liveQuery } from 'dexie';
import type { QuartierDb } from './db';

export async function recordPending(
	db: QuartierDb,
	boardId: string,
	clientId: number,
	clock: number
): Promise<void> {
	await db.pendingChanges.put({ boardId, clientId, clock });
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
