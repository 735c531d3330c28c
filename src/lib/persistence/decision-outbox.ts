/**
 * An admin's side of join requests (issue 16): the board's requests as last listed, and the
 * decisions taken on this phone that the relay has not answered yet. A decision is queued first
 * and sent after, so deciding works offline and survives a reload.
 */
import type { AdminRequestView } from '$lib/domain/directory/api-types';
import type { BoardRequestsRow, QuartierDb, QueuedDecisionRow } from './db';

export async function saveBoardRequests(
	db: QuartierDb,
	boardId: string,
	requests: AdminRequestView[],
	now: number
): Promise<void> {
	await db.boardRequests.put({ boardId, requests, fetchedAt: now });
}

export async function loadBoardRequests(
	db: QuartierDb,
	boardId: string
): Promise<BoardRequestsRow | null> {
	return (await db.boardRequests.get(boardId)) ?? null;
}

/** Queues a decision; deciding again on the same request before it was sent replaces it. */
export async function queueDecision(db: QuartierDb, row: QueuedDecisionRow): Promise<void> {
	await db.decisionOutbox.put(row);
}

export function queuedDecisions(db: QuartierDb, boardId?: string): Promise<QueuedDecisionRow[]> {
	if (boardId === undefined) return db.decisionOutbox.orderBy('queuedAt').toArray();
	return db.decisionOutbox.where('boardId').equals(boardId).sortBy('queuedAt');
}

/** The relay took it: the decision is no longer only on this phone. */
export async function markSent(db: QuartierDb, requestId: string, queuedAt: number): Promise<void> {
	await db.transaction('rw', db.decisionOutbox, async () => {
		const row = await db.decisionOutbox.get(requestId);
		// Decided again while it was on its way: the newer one stays queued.
		if (row && row.queuedAt === queuedAt) await db.decisionOutbox.delete(requestId);
	});
}

export async function markFailed(
	db: QuartierDb,
	requestId: string,
	failure: string
): Promise<void> {
	await db.decisionOutbox.update(requestId, { failure });
}
