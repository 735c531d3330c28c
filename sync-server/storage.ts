/**
 * Embedded SQLite storage: which token opens which room, which member owns each Yjs client id,
 * and each room's Yjs updates as an append-only log that compaction folds into one row.
 *
 * Reads run on the main thread (WAL readers never wait for the writer); every write goes through
 * one worker thread (storage-writer.mjs) in FIFO order, many per commit.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface StoredRoom {
	tokenHash: string;
}

export interface StoredUpdates {
	updates: Uint8Array[];
	/** Each row's seq: with the seqs a room appends, exactly the rows its doc holds (held-rows.ts). */
	seqs: number[];
}

/**
 * Every read is asynchronous: the embedded SQLite answers at once, a shared database over the
 * network does not, and the relay runs on either (pg-storage.ts).
 */
export interface Storage {
	/**
	 * Other relay instances may write the same database (PostgreSQL): what an instance keeps in
	 * memory about it can be stale, and what must happen once is claimed by a conditional write.
	 */
	readonly shared?: boolean;
	getRoom(roomId: string): Promise<StoredRoom | undefined>;
	/** Registers a room with its token hash unless it exists (the first token wins). */
	createRoom(roomId: string, tokenHash: string): Promise<void>;
	loadUpdates(roomId: string): Promise<StoredUpdates>;
	/** Which member each Yjs client id of the room is bound to. */
	loadClientOwners(roomId: string): Promise<Map<number, string>>;
	bindClients(roomId: string, clients: number[], memberId: string): Promise<void>;
	/** Appends an update and binds its new client ids; resolves with its seq once committed. */
	append(roomId: string, update: Uint8Array, clients: number[], memberId: string): Promise<number>;
	/**
	 * Replaces the room's rows listed in `seqs` with one merged update, atomically; resolves with
	 * the merged row's seq. Only the rows the caller's doc holds: a row committed by another copy
	 * of the room that this one has not applied stays.
	 */
	replaceUpdates(roomId: string, seqs: number[], merged: Uint8Array): Promise<number>;
	/**
	 * For the relay's other stores (directory index, join requests), which keep their own tables in
	 * the same database: `schema` creates them at once; `write` runs statements in one
	 * transaction on the writer, in order with every other write; `read` prepares a statement on
	 * the main thread's connection (WAL readers never wait for the writer).
	 */
	sql: SqlAccess;
	/** Resolves when the database answers (for /readyz): a shared one may be unreachable. */
	ping(): Promise<void>;
	/** Commits everything queued, then closes. */
	close(): Promise<void>;
}

export interface SqlStatement {
	sql: string;
	params: SqlValue[];
}
export type SqlValue = string | number | bigint | Buffer | null;

export interface SqlAccess {
	/**
	 * Creates tables: runs before any later read or write through this access (at once on SQLite;
	 * queued ahead of them on a database over the network, whose failure fails them).
	 */
	schema(ddl: string): void;
	/**
	 * Commits the statements together; resolves with the rows they changed, summed. A conditional
	 * write (ON CONFLICT DO NOTHING, UPDATE … WHERE) is how one instance among several claims
	 * something once.
	 */
	write(statements: SqlStatement[]): Promise<number>;
	read<Row>(sql: string): SqlRead<Row>;
}

/** A prepared query. */
export interface SqlRead<Row> {
	all(...params: SqlValue[]): Promise<Row[]>;
	get(...params: SqlValue[]): Promise<Row | undefined>;
}

/**
 * The relay's own tables, in SQLite's dialect (pg-storage/dialect.ts turns them into
 * PostgreSQL's): rooms and their token hash, each room's update log, the client-id bindings.
 */
export const CORE_SCHEMA = `
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
`;

export const DB_FILE = 'quartier.sqlite';

/** Plain JavaScript: worker threads do not inherit tsx's TypeScript loader. */
const WRITER_URL = new URL('./storage-writer.mjs', import.meta.url);
/** Often enough that the WAL stays a few MB under heavy writing. */
const CHECKPOINT_EVERY_MS = 1000;

/**
 * A client id another member holds in the shared store (another relay instance bound it first):
 * the write that would have bound it is refused, nothing of it is stored.
 */
export class BindingTaken extends Error {
	constructor(
		readonly client: number,
		readonly owner: string
	) {
		super(`client ${client} is bound to another member`);
	}
}

/** What the writer of either engine is asked to commit. */
export type StorageOp =
	| { kind: 'room'; roomId: string; tokenHash: string; at: number }
	| { kind: 'bind'; roomId: string; clients: number[]; memberId: string }
	| { kind: 'append'; roomId: string; update: Uint8Array; clients: number[]; memberId: string }
	| { kind: 'replace'; roomId: string; seqs: number[]; merged: Uint8Array }
	| { kind: 'sql'; statements: SqlStatement[] };

type Op = StorageOp;

interface Queued {
	op: Op;
	resolve(result: number | null): void;
	reject(error: Error): void;
}

export function openStorage(dataDir: string): Storage {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = path.join(dataDir, DB_FILE);
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.exec(CORE_SCHEMA);
	const selectRoom = db.prepare<[string], { token_hash: string }>(
		'SELECT token_hash FROM rooms WHERE id = ?'
	);
	const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
		'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq'
	);
	const selectOwners = db.prepare<[string], { client: number; member: string }>(
		'SELECT client, member FROM client_owners WHERE room = ?'
	);
	const writer = new WriteQueue(file);
	const checkpointer = new Worker(WRITER_URL, {
		workerData: { file, checkpointEveryMs: CHECKPOINT_EVERY_MS }
	});
	checkpointer.on('error', (error) => console.error('checkpointer failed', error));
	const checkpointerClosed = new Promise<void>((resolve) => {
		checkpointer.on('message', () => resolve());
		checkpointer.on('exit', () => resolve());
	});

	return {
		async getRoom(roomId) {
			const row = selectRoom.get(roomId);
			return row && { tokenHash: row.token_hash };
		},
		async createRoom(roomId, tokenHash) {
			await writer.push({ kind: 'room', roomId, tokenHash, at: Date.now() });
		},
		async loadUpdates(roomId) {
			const updates: Uint8Array[] = [];
			const seqs: number[] = [];
			for (const row of selectUpdates.iterate(roomId)) {
				updates.push(new Uint8Array(row.data));
				seqs.push(row.seq);
			}
			return { updates, seqs };
		},
		async loadClientOwners(roomId) {
			return new Map(selectOwners.all(roomId).map((row) => [row.client, row.member]));
		},
		async bindClients(roomId, clients, memberId) {
			await writer.push({ kind: 'bind', roomId, clients, memberId });
		},
		async append(roomId, update, clients, memberId) {
			return (await writer.push({ kind: 'append', roomId, update, clients, memberId })) ?? 0;
		},
		async replaceUpdates(roomId, seqs, merged) {
			return (await writer.push({ kind: 'replace', roomId, seqs, merged })) ?? 0;
		},
		sql: {
			schema(ddl) {
				db.exec(ddl);
			},
			async write(statements) {
				return (await writer.push({ kind: 'sql', statements })) ?? 0;
			},
			read<Row>(sql: string): SqlRead<Row> {
				const statement = db.prepare<SqlValue[], Row>(sql);
				return {
					all: async (...params: SqlValue[]) => statement.all(...params),
					get: async (...params: SqlValue[]) => statement.get(...params)
				};
			}
		},
		async ping() {
			// The file is this process's own: it answers whenever the relay does.
		},
		async close() {
			await writer.close();
			checkpointer.postMessage({ close: true });
			await checkpointerClosed;
			await checkpointer.terminate();
			db.close();
		}
	};
}

/**
 * Batches the worker holds at once: the one committing and the next, already there when the
 * commit ends. With one, the worker idled after each commit until its reply had crossed to the
 * main thread and the next batch had crossed back, a wait every queued write paid, and longest
 * when the main thread was busiest (issue 15).
 */
const PIPELINE_DEPTH = 2;

/**
 * FIFO of writes. The worker commits the batches it is sent in order, one transaction each, and
 * answers each in order; while it holds PIPELINE_DEPTH of them, the next one gathers here.
 */
class WriteQueue {
	private readonly worker: Worker;
	private queue: Queued[] = [];
	/** Batches sent to the worker and not answered yet, oldest first. */
	private inFlight: Queued[][] = [];
	private closing: (() => void) | null = null;

	constructor(file: string) {
		this.worker = new Worker(WRITER_URL, {
			workerData: { file }
		});
		this.worker.on('message', (message: WriterReply) => this.onReply(message));
		this.worker.on('error', (error) => this.failAll(error));
		this.worker.on('exit', () => this.failAll(new Error('storage writer stopped')));
	}

	push(op: Op): Promise<number | null> {
		if (this.closing) return Promise.reject(new Error('storage is closing'));
		return new Promise((resolve, reject) => {
			this.queue.push({ op, resolve, reject });
			this.next();
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.closing = resolve;
			this.next();
		});
	}

	private next(): void {
		if (this.inFlight.length >= PIPELINE_DEPTH) return;
		if (this.queue.length > 0) {
			const batch = this.queue;
			this.queue = [];
			this.inFlight.push(batch);
			this.worker.postMessage({ ops: batch.map((q) => q.op) });
		} else if (this.closing && this.inFlight.length === 0) {
			this.worker.postMessage({ close: true });
		}
	}

	private onReply(message: WriterReply): void {
		if ('closed' in message) {
			void this.worker.terminate();
			this.closing?.();
			return;
		}
		const batch = this.inFlight.shift() ?? [];
		if ('error' in message) {
			const error = new Error(`commit failed: ${message.error}`);
			for (const q of batch) q.reject(error);
		} else {
			batch.forEach((q, i) => q.resolve(message.results[i] ?? null));
		}
		this.next();
	}

	private failAll(error: Error): void {
		for (const q of [...this.inFlight.flat(), ...this.queue]) q.reject(error);
		this.inFlight = [];
		this.queue = [];
		this.closing?.();
	}
}

type WriterReply = { results: (number | null)[] } | { error: string } | { closed: true };
