/** The join requests I sent (issue 16): what I asked and what the admins answered. */
import type { MyJoinRequestRow, QuartierDb } from './db';

export function listMyRequests(db: QuartierDb): Promise<MyJoinRequestRow[]> {
	return db.myJoinRequests.orderBy('sentAt').reverse().toArray();
}

export async function saveMyRequest(db: QuartierDb, row: MyJoinRequestRow): Promise<void> {
	await db.myJoinRequests.put(row);
}

export async function updateMyRequest(
	db: QuartierDb,
	requestId: string,
	change: Partial<Omit<MyJoinRequestRow, 'requestId'>>
): Promise<void> {
	await db.myJoinRequests.update(requestId, change);
}
