/**
 * Packets received by hand (issue 18), on this phone until the relay has taken them, and the
 * client ids they brought (db.ts `HandoverPacketRow`, `HandoverClientRow`).
 */
import { liveQuery } from 'dexie';
import type { HandoverPacketRow, QuartierDb } from './db';

/** Keeps a packet; receiving the same one again keeps the first. */
export async function keepPacket(db: QuartierDb, row: HandoverPacketRow): Promise<void> {
	await db.transaction('rw', db.handoverPackets, db.handoverClients, async () => {
		const known = await db.handoverPackets.get([row.boardId, row.id]);
		if (!known || known.state === 'held') await db.handoverPackets.put(row);
		if (row.state === 'applied') await rememberClients(db, row.boardId, row.clients);
	});
}

export async function rememberClients(
	db: QuartierDb,
	boardId: string,
	clients: readonly number[]
): Promise<void> {
	await db.handoverClients.bulkPut(clients.map((client) => ({ boardId, client })));
}

export function keptPackets(db: QuartierDb, boardId: string): Promise<HandoverPacketRow[]> {
	return db.handoverPackets.where('boardId').equals(boardId).sortBy('receivedAt');
}

export async function handoverClients(db: QuartierDb, boardId: string): Promise<Set<number>> {
	const rows = await db.handoverClients.where('boardId').equals(boardId).toArray();
	return new Set(rows.map((r) => r.client));
}

/** The relay took it, or refused it for good: it is no longer this phone's to send. */
export async function dropPacket(db: QuartierDb, boardId: string, id: string): Promise<void> {
	await db.handoverPackets.delete([boardId, id]);
}

export async function countKept(db: QuartierDb, boardId: string): Promise<number> {
	return db.handoverPackets.where('boardId').equals(boardId).count();
}

/** Calls `onCount` now and whenever the board's kept packets change, in any tab. */
export function watchKeptCount(
	db: QuartierDb,
	boardId: string,
	onCount: (count: number) => void,
	onError: (error: unknown) => void
): () => void {
	const subscription = liveQuery(() => countKept(db, boardId)).subscribe({
		next: onCount,
		error: onError
	});
	return () => subscription.unsubscribe();
}
