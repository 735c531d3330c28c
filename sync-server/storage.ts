/**
 * Embedded SQLite storage: which token opens which room, and each room's Yjs updates as an
 * append-only log that compaction folds into one row.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StoredRoom {
	tokenHash: string;
}

export interface StoredUpdates {
	updates: Uint8Array[];
	/** Highest seq read, so compaction replaces exactly the rows that were loaded or appended. */
	maxSeq: number;
}

export interface Storage {
	getRoom(roomId: string): StoredRoom | undefined;
	createRoom(roomId: string, tokenHash: string): void;
	loadUpdates(roomId: string): StoredUpdates;
	/** Replaces every row of the room up to maxSeq with one merged update, atomically. */
	replaceUpdates(roomId: string, maxSeq: number, merged: Uint8Array): number;
	/** Which member each Yjs client id of the room is bound to. */
	loadClientOwners(roomId: string): Map<number, string>;
	bindClients(roomId: string, clients: number[], memberId: string): void;
	/** Appends several updates (and their new client bindings) in one commit; returns the last seq. */
	appendBatch(
		roomId: string,
		writes: { update: Uint8Array; clients: number[]; memberId: string }[]
	): number;
	close(): void;
}

export const DB_FILE = 'quartier.sqlite';

export function openStorage(dataDir: string): Storage {
	fs.mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, DB_FILE));
	// WAL lets readers (backups, tests) look while we write. synchronous=FULL fsyncs the WAL at
	// every commit: an ack promises the update survives a power cut, which NORMAL+WAL does not (it
	// only survives a process crash).
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec(`
		CREATE TABLE IF NOT EXISTS rooms (
			id TEXT PRIMARY KEY,
			token_hash TEXT NOT NULL,
			created_at INTEGER NOT NULL
		);
		CREATE TABLE IF NOT EXISTS updates (
			seq INTEGER PRIMARY KEY AUTOINCREMENT,
			room TEXT NOT NULL,
			data BLOB NOT NULL
		);
		CREATE INDEX IF NOT EXISTS updates_room_seq ON updates (room, seq);
		CREATE TABLE IF NOT EXISTS client_owners (
			room TEXT NOT NULL,
			client INTEGER NOT NULL,
			member TEXT NOT NULL,
			PRIMARY KEY (room, client)
		);
	`);

	const selectRoom = db.prepare<[string], { token_hash: string }>(
		'SELECT token_hash FROM rooms WHERE id = ?'
	);
	const insertRoom = db.prepare('INSERT INTO rooms (id, token_hash, created_at) VALUES (?, ?, ?)');
	const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
		'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq'
	);
	const insertUpdate = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
	const deleteUpTo = db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?');
	const replace = db.transaction((roomId: string, maxSeq: number, merged: Buffer) => {
		deleteUpTo.run(roomId, maxSeq);
		return Number(insertUpdate.run(roomId, merged).lastInsertRowid);
	});

	const selectOwners = db.prepare<[string], { client: number; member: string }>(
		'SELECT client, member FROM client_owners WHERE room = ?'
	);
	// OR IGNORE: a binding never changes owner; the first member to use a client id keeps it.
	const insertOwner = db.prepare(
		'INSERT OR IGNORE INTO client_owners (room, client, member) VALUES (?, ?, ?)'
	);
	const bind = db.transaction((roomId: string, clients: number[], memberId: string) => {
		for (const client of clients) insertOwner.run(roomId, client, memberId);
	});

	const appendMany = db.transaction(
		(roomId: string, writes: { update: Uint8Array; clients: number[]; memberId: string }[]) => {
			let seq = 0;
			for (const w of writes) {
				for (const client of w.clients) insertOwner.run(roomId, client, w.memberId);
				seq = Number(insertUpdate.run(roomId, toBuffer(w.update)).lastInsertRowid);
			}
			return seq;
		}
	);

	return {
		appendBatch(roomId, writes) {
			return appendMany(roomId, writes);
		},
		loadClientOwners(roomId) {
			return new Map(selectOwners.all(roomId).map((row) => [row.client, row.member]));
		},
		bindClients(roomId, clients, memberId) {
			bind(roomId, clients, memberId);
		},
		getRoom(roomId) {
			const row = selectRoom.get(roomId);
			return row && { tokenHash: row.token_hash };
		},
		createRoom(roomId, tokenHash) {
			insertRoom.run(roomId, tokenHash, Date.now());
		},
		loadUpdates(roomId) {
			let maxSeq = 0;
			const updates: Uint8Array[] = [];
			for (const row of selectUpdates.iterate(roomId)) {
				updates.push(new Uint8Array(row.data));
				maxSeq = row.seq;
			}
			return { updates, maxSeq };
		},
		replaceUpdates(roomId, maxSeq, merged) {
			return replace(roomId, maxSeq, toBuffer(merged));
		},
		close() {
			db.close();
		}
	};
}

function toBuffer(bytes: Uint8Array): Buffer {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
