/**
 * The directory index's tables, in the relay's SQLite file next to the boards (Storage.sql). One
 * row per listed or open board; a private board has none. Everything a query reads is here, so a
 * query never loads a board:
 *
 * - directory_boards: the public summary (JSON), the resolved place, the sort and search keys, and
 *   an open board's invite secret (read only by `openInviteSecret`, never by a directory query);
 * - directory_words: every word of the board's search text, for prefix search by index range;
 * - directory_items: one row per public post and per upcoming slot, for the item filters;
 * - directory_dirty: listed boards changed since their row was written, so that a relay killed
 *   before re-indexing them does it when it starts again (a board made private must go).
 *
 * Every write runs inside the storage writer's shared transactions (a failing statement would fail
 * other boards' commits), so nothing here has a constraint a write could break: primary keys are
 * replaced or ignored, and every NOT NULL column is always given.
 */
import type { SqlAccess } from '../storage';

const DDL = `
	CREATE TABLE IF NOT EXISTS directory_boards (
		room TEXT PRIMARY KEY,
		visibility TEXT NOT NULL,
		name_key TEXT NOT NULL,
		search TEXT NOT NULL,
		place_id INTEGER,
		lat REAL,
		lon REAL,
		updated_at INTEGER NOT NULL,
		-- When the summary's first slot ends: until then it is served as stored, without parsing.
		first_slot_end INTEGER,
		invite_secret TEXT,
		place TEXT,
		-- Last: a summary of a few kB spills to overflow pages, which a search never has to read.
		summary TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS directory_boards_name ON directory_boards (name_key, room);
	CREATE TABLE IF NOT EXISTS directory_words (
		word TEXT NOT NULL,
		room TEXT NOT NULL,
		PRIMARY KEY (word, room)
	) WITHOUT ROWID;
	CREATE INDEX IF NOT EXISTS directory_words_room ON directory_words (room);
	CREATE TABLE IF NOT EXISTS directory_items (
		room TEXT NOT NULL,
		kind TEXT NOT NULL,
		category TEXT,
		price_kind TEXT,
		price_cents INTEGER,
		starts_at INTEGER,
		ends_at INTEGER,
		free_seats INTEGER
	);
	CREATE INDEX IF NOT EXISTS directory_items_room ON directory_items (room);
	CREATE TABLE IF NOT EXISTS directory_dirty (room TEXT PRIMARY KEY) WITHOUT ROWID;
`;

const ready = new WeakSet<SqlAccess>();

/** Creates the tables once per storage (CREATE … IF NOT EXISTS: a restart keeps the index). */
export function ensureDirectorySchema(sql: SqlAccess): void {
	if (ready.has(sql)) return;
	sql.schema(DDL);
	ready.add(sql);
}
