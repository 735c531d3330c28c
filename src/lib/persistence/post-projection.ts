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

export async function projectBoardPosts(db: QuartierDb, src: ProjectionSource): Promise<void> {
	const rows: PostIndexRow[] = src.posts.map((p) => ({
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
	}));
	const live = new Set(rows.map((r) => r.key));
	await db.transaction('rw', [db.postIndex, db.boards], async () => {
		// The board may have been left (in this tab or another) since the rebuild was scheduled.
		if (!(await db.boards.get(src.boardId))) return;
		const stale = await db.postIndex
			.where('boardId')
			.equals(src.boardId)
			.filter((r) => !live.has(r.key))
			.primaryKeys();
		await db.postIndex.bulkDelete(stale);
		await db.postIndex.bulkPut(rows);
	});
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
