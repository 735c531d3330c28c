/**
 * Directory answers, read from the index alone (schema.ts): the boards matching a search and the
 * item filters, sorted by name or by distance from a place, each narrowed to its matching items.
 * A query never opens a board and never reads the invite secret column.
 */
import {
	hasItemFilter,
	narrowSummary,
	type ItemFilter
} from '../../src/lib/domain/directory/filter';
import { normalizeForSearch } from '../../src/lib/domain/directory/search-text';
import type { DirectorySummary } from '../../src/lib/domain/directory/summary';
import type { SqlAccess, SqlRead, SqlValue } from '../storage';
import { distanceKm, type Place } from './place';
import { ensureDirectorySchema } from './schema';

export type DirectoryEntry = DirectorySummary & { place: Place | null; updatedAt: number };

export interface DirectoryQuery {
	q: string;
	filter: ItemFilter;
	/** Sort by distance from here; by name otherwise. */
	near: { lat: number; lon: number } | null;
	limit: number;
}

interface EntryRow {
	room: string;
	summary: string;
	place: string | null;
	updated_at: number;
	first_slot_end: number | null;
}

/** Above every code point: `word < prefix + TOP` bounds the words starting with `prefix`. */
const TOP = '\u{10FFFF}';

/** The WHERE clause and its parameters for a search and item filters, at `now`. */
function whereOf(query: DirectoryQuery, now: number): { where: string; params: SqlValue[] } {
	const clauses: string[] = [];
	const params: SqlValue[] = [];
	const q = normalizeForSearch(query.q);
	if (q !== '') {
		const first = q.split(' ', 1)[0]!;
		clauses.push('b.room IN (SELECT room FROM directory_words WHERE word >= ? AND word < ?)');
		params.push(first, first + TOP);
		if (first !== q) {
			// Several words: they must follow each other. Normalised text holds only letters, digits
			// and spaces: no LIKE wildcard to escape.
			clauses.push('b.search LIKE ?');
			params.push(`% ${q}%`);
		}
	}
	const { filter } = query;
	if (hasItemFilter(filter)) {
		// The same rules as filter.ts (postMatches, slotMatches), on the facet rows.
		const item: string[] = ["(i.kind <> 'seats' OR i.ends_at > ?)"];
		params.push(now);
		if (filter.kind !== undefined) {
			item.push('i.kind = ?');
			params.push(filter.kind);
		}
		if (filter.day !== undefined || filter.seats !== undefined) item.push("i.kind = 'seats'");
		if (filter.category !== undefined) {
			item.push('i.category = ?');
			params.push(filter.category);
		}
		if (filter.day !== undefined) {
			item.push('i.starts_at < ? AND i.ends_at > ?');
			params.push(filter.day.to, filter.day.from);
		}
		if (filter.seats !== undefined) {
			item.push('i.free_seats >= ?');
			params.push(filter.seats);
		}
		if (filter.freeOnly) item.push("i.price_kind = 'free'");
		else if (filter.maxCents !== undefined) {
			item.push('(i.price_cents IS NULL OR i.price_cents <= ?)');
			params.push(filter.maxCents);
		}
		clauses.push(
			`EXISTS (SELECT 1 FROM directory_items i WHERE i.room = b.room AND ${item.join(' AND ')})`
		);
	}
	return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * One entry's JSON, or null when the filter leaves nothing of it. Without an item filter and
 * before its first slot ends, the stored summary is the answer as it is: served from its text,
 * with `place` and `updatedAt` appended, in the key order of the parsed path below.
 */
function entryJson(row: EntryRow, filter: ItemFilter, now: number): string | null {
	const place = row.place ?? 'null';
	if (!hasItemFilter(filter) && (row.first_slot_end === null || row.first_slot_end > now)) {
		return `${row.summary.slice(0, -1)},"place":${place},"updatedAt":${row.updated_at}}`;
	}
	const narrowed = narrowSummary(JSON.parse(row.summary) as DirectorySummary, filter, now);
	if (narrowed === null) return null;
	const entry: DirectoryEntry = {
		...narrowed,
		place: JSON.parse(place) as Place | null,
		updatedAt: row.updated_at
	};
	return JSON.stringify(entry);
}

const ENTRY_COLUMNS = 'b.room, b.summary, b.place, b.updated_at, b.first_slot_end';

export class DirectoryQueries {
	/** Prepared once per distinct text: a few dozen filter combinations at most. */
	private readonly statements = new Map<string, SqlRead<unknown>>();

	constructor(private readonly sql: SqlAccess) {
		ensureDirectorySchema(sql);
	}

	private read<Row>(text: string) {
		let statement = this.statements.get(text);
		if (statement === undefined) {
			statement = this.sql.read<unknown>(text);
			this.statements.set(text, statement);
		}
		return statement as SqlRead<Row>;
	}

	/** `{ boards: DirectoryEntry[], total }`, as JSON text. */
	async searchJson(query: DirectoryQuery, now: number): Promise<string> {
		const { where, params } = whereOf(query, now);
		const { rows, total } =
			query.near === null
				? await this.byName(where, params, query.limit)
				: await this.nearest(where, params, query.near, query.limit);
		const boards = rows
			.map((row) => entryJson(row, query.filter, now))
			.filter((entry) => entry !== null);
		return `{"boards":[${boards.join(',')}],"total":${total}}`;
	}

	async search(
		query: DirectoryQuery,
		now: number
	): Promise<{ boards: DirectoryEntry[]; total: number }> {
		const json = await this.searchJson(query, now);
		return JSON.parse(json) as { boards: DirectoryEntry[]; total: number };
	}

	/**
	 * One pass over the matches: the rooms alone are sorted and counted (a window count, before
	 * the limit), then the page's summaries are read. Sorting whole rows would copy every matching
	 * summary into the sorter.
	 */
	private async byName(where: string, params: SqlValue[], limit: number) {
		const rows = await this.read<EntryRow & { total: number }>(
			`SELECT ${ENTRY_COLUMNS}, total FROM directory_boards b JOIN
				(SELECT b.room AS page, COUNT(*) OVER () AS total FROM directory_boards b ${where}
					ORDER BY b.name_key, b.room LIMIT ?) AS p
				ON b.room = p.page ORDER BY b.name_key, b.room`
		).all(...params, limit);
		return { rows, total: Number(rows[0]?.total ?? 0) };
	}

	/** One board's entry as JSON, unfiltered (but never a slot that ended); null when unlisted. */
	async boardJson(room: string, now: number): Promise<string | null> {
		const row = await this.read<EntryRow>(
			`SELECT ${ENTRY_COLUMNS} FROM directory_boards b WHERE b.room = ?`
		).get(room);
		return row ? entryJson(row, {}, now) : null;
	}

	async board(room: string, now: number): Promise<DirectoryEntry | null> {
		const json = await this.boardJson(room, now);
		return json === null ? null : (JSON.parse(json) as DirectoryEntry);
	}

	/** Boards without a place come after every board with one, by name. */
	private async nearest(
		where: string,
		params: SqlValue[],
		from: { lat: number; lon: number },
		limit: number
	): Promise<{ rows: EntryRow[]; total: number }> {
		const matches = await this.read<{
			room: string;
			name_key: string;
			lat: number | null;
			lon: number | null;
		}>(`SELECT b.room, b.name_key, b.lat, b.lon FROM directory_boards b ${where}`).all(...params);
		const keys = matches
			.map((k) => ({
				room: k.room,
				name: k.name_key,
				km:
					k.lat === null || k.lon === null ? Infinity : distanceKm(from, { lat: k.lat, lon: k.lon })
			}))
			.sort(
				(a, b) =>
					a.km - b.km || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.room < b.room ? -1 : 1)
			)
			.slice(0, limit);
		const one = this.read<EntryRow>(
			`SELECT ${ENTRY_COLUMNS} FROM directory_boards b WHERE b.room = ?`
		);
		const found = await Promise.all(keys.map((k) => one.get(k.room)));
		const rows = found.filter((row) => row !== undefined);
		return { rows, total: matches.length };
	}
}
