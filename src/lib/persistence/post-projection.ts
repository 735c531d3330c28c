/**
 * Search projection for "search all my boards": rows derived from each board doc, rebuilt from
 * the doc whenever it changes. Never edited directly; the docs stay the only source of truth.
 */
import Dexie, { liveQuery } from 'dexie';
import { matchesQuery, postWords } from '$lib/domain/help/read';
import type { HelpPost } from '$lib/domain/help/types';
import type { PostIndexRow, QuartierDb } from './db';

export interface ProjectionSource {
	boardId: string;
	boardName: string;
	posts: readonly HelpPost[];
	authorName: (memberId: string) => string;
}

/** Rows written per transaction: a big board's projection never blocks the page for long. */
const CHUNK = 500;

/**
 * Writes the board's rows, newest first and in chunks (the preview of a board's next open is
 * the newest rows: they are stored first, even when the page closes before the rest), and only
 * the rows that differ from what is stored: reopening a board rewrites nothing. Between chunks
 * the index may hold old and new rows at once, as it may between any two syncs: it is derived,
 * and the next run finishes what one left.
 */
export async function projectBoardPosts(db: QuartierDb, src: ProjectionSource): Promise<void> {
	const rows: PostIndexRow[] = src.posts
		.map((p) => ({
			boardId: src.boardId,
			key: p.key,
			boardName: src.boardName,
			authorName: src.authorName(p.authorId),
			kind: p.kind,
			category: p.category,
			title: p.title,
			description: p.description,
			area: p.area,
			status: p.status,
			price: p.price,
			createdAt: p.createdAt,
			words: postWords(p)
		}))
		.sort((a, b) => b.createdAt - a.createdAt);
	const live = new Set(rows.map((r) => r.key));
	const changed = await db.transaction('rw', [db.postIndex, db.boards], async () => {
		// The board may have been left (in this tab or another) since the rebuild was scheduled.
		if (!(await db.boards.get(src.boardId))) return [];
		const stored = await db.postIndex.where('boardId').equals(src.boardId).toArray();
		await db.postIndex.bulkDelete(
			stored.filter((r) => !live.has(r.key)).map((r) => [r.boardId, r.key] as [string, string])
		);
		const before = new Map(stored.map((r) => [r.key, JSON.stringify(r)]));
		return rows.filter((r) => before.get(r.key) !== JSON.stringify(r));
	});
	for (let i = 0; i < changed.length; i += CHUNK) {
		if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
		const chunk = changed.slice(i, i + CHUNK);
		const written = await db.transaction('rw', [db.postIndex, db.boards], async () => {
			if (!(await db.boards.get(src.boardId))) return false;
			await db.postIndex.bulkPut(chunk);
			return true;
		});
		if (!written) return;
	}
}

export interface SearchQuery {
	text: string;
	kind?: string;
	category?: string;
}

/** Open posts across every board on this device; uses the word index for the first word. */
export async function searchAllBoards(
	db: QuartierDb,
	q: SearchQuery,
	limit = 100
): Promise<PostIndexRow[]> {
	const words = postWords({ title: q.text, description: '', area: '', availability: '' });
	const first = words[0];
	const candidates = first
		? db.postIndex.where('words').startsWith(first).distinct()
		: db.postIndex.orderBy('createdAt').reverse();
	const rows = await candidates
		.filter(
			(r) =>
				r.status === 'open' &&
				(!q.kind || r.kind === q.kind) &&
				(!q.category || r.category === q.category) &&
				matchesQuery(r.words, q.text)
		)
		.toArray();
	return rows.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

/** Runs the search now and again whenever the index changes (a sync arrived, a post was edited). */
export function watchSearch(
	db: QuartierDb,
	q: SearchQuery,
	onRows: (rows: PostIndexRow[]) => void,
	onError: (error: unknown) => void
): () => void {
	const subscription = liveQuery(() => searchAllBoards(db, q)).subscribe({
		next: onRows,
		error: onError
	});
	return () => subscription.unsubscribe();
}

/** The newest posts of one board from the projection: shown while the board's doc loads. */
export async function newestPosts(
	db: QuartierDb,
	boardId: string,
	limit: number
): Promise<PostIndexRow[]> {
	return db.postIndex
		.where('[boardId+createdAt]')
		.between([boardId, Dexie.minKey], [boardId, Dexie.maxKey])
		.reverse()
		.limit(limit)
		.toArray();
}
