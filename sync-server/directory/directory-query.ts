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
import type { SqlAccess, SqlValue } from '../storage';
import { distanceKm, type Place } from './gazetteer';
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
		clauses.push(
			'b.room IN (SELECT room FROM directory_words WHERE word >= ? AND word < ?)',
			'b.search LIKE ?'
		);
		// Normalised text holds only letters, digits and spaces: no LIKE wildcard to escape.
		params.push(first, first + TOP, `% ${q}%`);
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

function toEntry(row: EntryRow, filter: ItemFilter, now: number): DirectoryEntry | null {
	const narrowed = narrowSummary(JSON.parse(row.summary) as DirectorySummary, filter, now);
	if (narrowed === null) return null;
	const place = row.place === null ? null : (JSON.parse(row.place) as Place);
	return { ...narrowed, place, updatedAt: row.updated_at };
}

interface Statement<Row> {
	all(...params: SqlValue[]): Row[];
	get(...params: SqlValue[]): Row | undefined;
}

const ENTRY_COLUMNS = 'b.room, b.summary, b.place, b.updated_at';

export class DirectoryQueries {
	/** Prepared once per distinct text: a few dozen filter combinations at most. */
	private readonly statements = new Map<string, Statement<unknown>>();

	constructor(private readonly sql: SqlAccess) {
		ensureDirectorySchema(sql);
	}

	private read<Row>(text: string) {
		let statement = this.statements.get(text);
		if (statement === undefined) {
			statement = this.sql.read<unknown>(text);
			this.statements.set(text, statement);
		}
		return statement as Statement<Row>;
	}

	search(query: DirectoryQuery, now: number): { boards: DirectoryEntry[]; total: number } {
		const { where, params } = whereOf(query, now);
		const total =
			this.read<{ n: number }>(`SELECT COUNT(*) AS n FROM directory_boards b ${where}`).get(
				...params
			)?.n ?? 0;
		const rows =
			query.near === null
				? this.read<EntryRow>(
						`SELECT ${ENTRY_COLUMNS} FROM directory_boards b ${where} ORDER BY b.name_key, b.room LIMIT ?`
					).all(...params, query.limit)
				: this.nearest(where, params, query.near, query.limit);
		const boards = rows
			.map((row) => toEntry(row, query.filter, now))
			.filter((entry) => entry !== null);
		return { boards, total };
	}

	/** One board, unfiltered (but never a slot that ended), or null when it is not listed. */
	board(room: string, now: number): DirectoryEntry | null {
		const row = this.read<EntryRow>(
			`SELECT ${ENTRY_COLUMNS} FROM directory_boards b WHERE b.room = ?`
		).get(room);
		return row ? toEntry(row, {}, now) : null;
	}

	/** Boards without a place come after every board with one, by name. */
	private nearest(
		where: string,
		params: SqlValue[],
		from: { lat: number; lon: number },
		limit: number
	): EntryRow[] {
		const keys = this.read<{
			room: string;
			name_key: string;
			lat: number | null;
			lon: number | null;
		}>(`SELECT b.room, b.name_key, b.lat, b.lon FROM directory_boards b ${where}`)
			.all(...params)
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
		return keys.map((k) => one.get(k.room)).filter((row) => row !== undefined);
	}
}
