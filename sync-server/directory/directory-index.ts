/**
 * Writes to the directory index (schema.ts): a board's row replaced whole, or removed when it is
 * private. Writes go through the storage writer, in order with the boards' own commits.
 */
import type { SqlAccess, SqlStatement } from '../storage';
import type { IndexRow } from './index-row';
import { ensureDirectorySchema } from './schema';

export class DirectoryIndex {
	private readonly selectStored;
	private readonly selectDirty;

	constructor(private readonly sql: SqlAccess) {
		ensureDirectorySchema(sql);
		this.selectStored = sql.read<{
			summary: string;
			place_id: number | null;
			invite_secret: string | null;
		}>('SELECT summary, place_id, invite_secret FROM directory_boards WHERE room = ?');
		this.selectDirty = sql.read<{ room: string }>('SELECT room FROM directory_dirty');
	}

	/** The fingerprint of what is stored for a board (index-row.ts), or null when it has no row. */
	async storedFingerprint(room: string): Promise<string | null> {
		const row = await this.selectStored.get(room);
		return row ? JSON.stringify([row.summary, row.place_id, row.invite_secret]) : null;
	}

	/** Notes that a listed board changed and its row is due (cleared by the next put or remove). */
	async markDirty(room: string): Promise<void> {
		await this.sql.write([
			{
				sql: 'INSERT INTO directory_dirty (room) VALUES (?) ON CONFLICT DO NOTHING',
				params: [room]
			}
		]);
	}

	async clearDirty(room: string): Promise<void> {
		await this.sql.write([clearDirtyStatement(room)]);
	}

	/** Boards changed and not re-indexed when the relay last stopped. */
	async dirtyRooms(): Promise<string[]> {
		return (await this.selectDirty.all()).map((row) => row.room);
	}

	/** Lists a board (or replaces its row, `at` its new updatedAt); resolves once committed. */
	async put(row: IndexRow, at: number): Promise<void> {
		await this.sql.write(putStatements(row, at));
	}

	/** A board made private (or gone): no row, no words, no items. */
	async remove(room: string): Promise<void> {
		await this.sql.write(removeStatements(room));
	}
}

function clearDirtyStatement(room: string): SqlStatement {
	return { sql: 'DELETE FROM directory_dirty WHERE room = ?', params: [room] };
}

function removeStatements(room: string): SqlStatement[] {
	return [
		clearDirtyStatement(room),
		{ sql: 'DELETE FROM directory_boards WHERE room = ?', params: [room] },
		{ sql: 'DELETE FROM directory_words WHERE room = ?', params: [room] },
		{ sql: 'DELETE FROM directory_items WHERE room = ?', params: [room] }
	];
}

export function putStatements(row: IndexRow, at: number): SqlStatement[] {
	const { place } = row;
	return [
		...removeStatements(row.room),
		{
			// Its row was deleted just above (removeStatements): a plain insert.
			sql: `INSERT INTO directory_boards
				(room, visibility, summary, place_id, place, lat, lon, name_key, search, invite_secret,
					updated_at, first_slot_end)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			params: [
				row.room,
				row.visibility,
				row.summary,
				place?.id ?? null,
				place ? JSON.stringify(place) : null,
				place?.lat ?? null,
				place?.lon ?? null,
				row.nameKey,
				row.search,
				row.inviteSecret,
				at,
				row.firstSlotEnd
			]
		},
		...row.words.map((word) => ({
			sql: 'INSERT INTO directory_words (word, room) VALUES (?, ?) ON CONFLICT DO NOTHING',
			params: [word, row.room]
		})),
		...row.items.map((item) => ({
			sql: `INSERT INTO directory_items
				(room, kind, category, price_kind, price_cents, starts_at, ends_at, free_seats)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			params: [
				row.room,
				item.kind,
				item.category,
				item.priceKind,
				item.priceCents,
				item.start,
				item.end,
				item.freeSeats
			]
		}))
	];
}
