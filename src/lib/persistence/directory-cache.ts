/**
 * The city directory's last answers, for reading offline (issue 16): one row per query, and each
 * board's public page. Kept small: only the latest few queries survive.
 */
import type { DirectoryEntry, DirectoryQuery } from '$lib/domain/directory/api-types';
import type { DirectoryBoardRow, DirectoryResultRow, QuartierDb } from './db';

/** Enough to go back to the last searches offline; older answers are stale anyway. */
export const KEPT_QUERIES = 10;

export async function saveResults(
	db: QuartierDb,
	key: string,
	query: DirectoryQuery,
	answer: { boards: DirectoryEntry[]; total: number },
	now: number
): Promise<void> {
	await db.transaction('rw', [db.directoryResults, db.directoryBoards], async () => {
		await db.directoryResults.put({ key, query, ...answer, fetchedAt: now });
		const stale = await db.directoryResults
			.orderBy('fetchedAt')
			.reverse()
			.offset(KEPT_QUERIES)
			.primaryKeys();
		await db.directoryResults.bulkDelete(stale);
	});
}

/** The answer to this query, else the latest answer to any (shown with the query it answered). */
export async function loadResults(db: QuartierDb, key: string): Promise<DirectoryResultRow | null> {
	return (
		(await db.directoryResults.get(key)) ??
		(await db.directoryResults.orderBy('fetchedAt').last()) ??
		null
	);
}

export async function saveBoardEntry(db: QuartierDb, entry: DirectoryEntry, now: number) {
	await db.directoryBoards.put({ boardId: entry.boardId, entry, fetchedAt: now });
}

export async function loadBoardEntry(
	db: QuartierDb,
	boardId: string
): Promise<DirectoryBoardRow | null> {
	return (await db.directoryBoards.get(boardId)) ?? null;
}

/** Forgets what the directory said of a board (a declined request leaves nothing of it). */
export async function forgetBoardEntry(db: QuartierDb, boardId: string): Promise<void> {
	await db.transaction('rw', [db.directoryResults, db.directoryBoards], async () => {
		await db.directoryBoards.delete(boardId);
		await db.directoryResults.toCollection().modify((row) => {
			row.boards = row.boards.filter((b) => b.boardId !== boardId);
		});
	});
}
