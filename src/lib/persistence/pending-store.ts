/**
 * Bookkeeping behind "N changes only on this device". Each local transaction records the clock
 * it reached for its Yjs client id; a relay acknowledgement (a state vector of what the relay has
 * committed) removes every entry it covers. Kept in IndexedDB so the count survives a reload.
 */
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
