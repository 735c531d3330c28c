/**
 * Projection for "search all my boards by city and date" (issue 3): one row per upcoming slot,
 * derived from each board's cowork snapshot and rebuilt whenever the board changes. Never edited
 * directly; the board docs stay the only source of truth (DESIGN.md §4).
 */
import { liveQuery } from 'dexie';
import { searchWords } from '$lib/domain/text';
import type { SlotState, Space } from '$lib/domain/cowork/types';
import type { QuartierDb, SlotIndexRow } from './db';

/** The part of a session's cowork snapshot (state/cowork-snapshot.ts) the projection reads. */
export interface CoworkSource {
	spaces: ReadonlyMap<string, Space>;
	slots: ReadonlyMap<string, SlotState>;
	/** The time the slot states were derived at. */
	now: number;
}

export interface SlotProjectionSource {
	boardId: string;
	boardName: string;
	cowork: CoworkSource;
}

/**
 * The rows of one board: slots not yet over at `cowork.now` whose space is known. Cancelled slots
 * and archived spaces are kept (flagged), so a later view can say why a slot is gone.
 */
export function slotRows(src: SlotProjectionSource): SlotIndexRow[] {
	const rows: SlotIndexRow[] = [];
	for (const { slot, freeSeats } of src.cowork.slots.values()) {
		if (slot.end <= src.cowork.now) continue;
		const space = src.cowork.spaces.get(slot.spaceKey);
		if (!space) continue;
		rows.push({
			boardId: src.boardId,
			key: slot.key,
			boardName: src.boardName,
			spaceKey: space.key,
			spaceTitle: space.title,
			city: space.city,
			neighbourhood: space.neighbourhood,
			// The neighbourhood too: people look for "Belleville" as often as for "Paris".
			cityWords: searchWords(space.city, space.neighbourhood),
			start: slot.start,
			end: slot.end,
			deadline: slot.deadline,
			seats: slot.seats,
			freeSeats,
			amenities: [...space.amenities],
			workMode: space.workMode,
			cancelled: slot.cancelled !== null,
			archived: space.archived
		});
	}
	return rows;
}

/** Replaces the board's rows in one transaction (readers never see a half-rebuilt board). */
export async function projectBoardSlots(db: QuartierDb, src: SlotProjectionSource): Promise<void> {
	const rows = slotRows(src);
	await db.transaction('rw', [db.slotIndex, db.boards], async () => {
		// The board may have been left (in this tab or another) since the rebuild was scheduled.
		if (!(await db.boards.get(src.boardId))) return;
		await forgetBoardSlots(db, src.boardId);
		await db.slotIndex.bulkPut(rows);
	});
}

/** Leaving a board: its slots leave the search. Joins the caller's transaction if there is one. */
export async function forgetBoardSlots(db: QuartierDb, boardId: string): Promise<void> {
	await db.slotIndex.where('boardId').equals(boardId).delete();
}

export interface SlotQuery {
	/** Words of a city or neighbourhood, each matched as a prefix, accents and case ignored. */
	city: string;
	/** Slots that end after this time (ms); null: from now. */
	from: number | null;
	/** Slots that start before this time (ms); null: no limit. */
	to: number | null;
	minFreeSeats: number;
}

/** Enough for a phone screen; narrowing the dates or the city finds the rest. */
export const SLOT_SEARCH_LIMIT = 200;

/**
 * Bookable slots across every board on this device, soonest first: open for requests (before
 * their booking deadline), with free seats, overlapping the dates asked.
 */
export async function searchSlots(
	db: QuartierDb,
	q: SlotQuery,
	now: number = Date.now(),
	limit = SLOT_SEARCH_LIMIT
): Promise<SlotIndexRow[]> {
	const words = searchWords(q.city);
	const first = words[0];
	const after = Math.max(q.from ?? now, now);
	const candidates = first
		? db.slotIndex.where('cityWords').startsWith(first).distinct()
		: db.slotIndex.orderBy('start');
	const rows = await candidates
		.filter(
			(r) =>
				!r.cancelled &&
				!r.archived &&
				r.end > after &&
				r.deadline > now &&
				(q.to === null || r.start < q.to) &&
				r.freeSeats >= Math.max(1, q.minFreeSeats) &&
				words.every((w) => r.cityWords.some((c) => c.startsWith(w)))
		)
		.toArray();
	return rows
		.sort((a, b) => a.start - b.start || a.spaceTitle.localeCompare(b.spaceTitle, 'fr'))
		.slice(0, limit);
}

/** Runs the search now and again whenever the index changes (a sync arrived, a seat was booked). */
export function watchSlotSearch(
	db: QuartierDb,
	q: SlotQuery,
	onRows: (rows: SlotIndexRow[]) => void,
	onError: (error: unknown) => void
): () => void {
	const subscription = liveQuery(() => searchSlots(db, q)).subscribe({
		next: onRows,
		error: onError
	});
	return () => subscription.unsubscribe();
}
