/**
 * The relay's storage in PostgreSQL (`QUARTIER_DATABASE_URL`), for a city served by several relay
 * instances that share one database. The same `Storage` as the embedded SQLite (storage.ts):
 * reads go through a pool; every write goes through one connection, in FIFO order, many per
 * transaction (pg-writer.ts), so an ack still means committed (and fsynced: PostgreSQL's default
 * `synchronous_commit = on`).
 */
import pg from 'pg';
import { CORE_SCHEMA, type SqlAccess, type SqlRead, type SqlValue, type Storage } from '../storage';
import { numberedPlaceholders, postgresDdl } from './dialect';
import { PgWriteQueue } from './pg-writer';

/** Any constant: instances starting together take turns creating the tables. */
const SCHEMA_LOCK = 0x5157_4152;

/** 64-bit integers (seqs, milliseconds, counts, sums) as numbers: all stay below 2^53. */
const NUMERIC_TYPES = [20, 1700];
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		NUMERIC_TYPES.includes(oid)
			? (value: string) => Number(value)
			: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

export async function openPgStorage(url: string): Promise<Storage> {
	const pool = new pg.Pool({ connectionString: url, types, max: 8 });
	// An idle client that loses its server must not crash the relay: the next query reconnects.
	pool.on('error', (error) => console.error('postgres pool client failed', error));
	let ready: Promise<void> = Promise.resolve();
	const runSchema = (ddl: string) => {
		ready = ready.then(() => createTables(pool, postgresDdl(ddl)));
		return ready;
	};
	await runSchema(CORE_SCHEMA);
	const writer = new PgWriteQueue(async () => {
		const client = new pg.Client({ connectionString: url, types });
		await client.connect();
		return client;
	});
	const read = async <Row>(text: string, values: SqlValue[]): Promise<Row[]> => {
		await ready;
		return (await pool.query<Row & pg.QueryResultRow>({ text, values })).rows;
	};

	const sql: SqlAccess = {
		schema(ddl) {
			// Queued: every later read and write waits for it (and fails if it failed).
			runSchema(ddl).catch(() => {});
		},
		async write(statements) {
			await ready;
			return (await writer.push({ kind: 'sql', statements })) ?? 0;
		},
		read<Row>(text: string): SqlRead<Row> {
			const numbered = numberedPlaceholders(text);
			return {
				all: (...params) => read<Row>(numbered, params),
				get: async (...params) => (await read<Row>(numbered, params))[0]
			};
		}
	};

	return {
		shared: true,
		async getRoom(roomId) {
			const [row] = await read<{ token_hash: string }>(
				'SELECT token_hash FROM rooms WHERE id = $1',
				[roomId]
			);
			return row && { tokenHash: row.token_hash };
		},
		async createRoom(roomId, tokenHash) {
			await writer.push({ kind: 'room', roomId, tokenHash, at: Date.now() });
		},
		async loadUpdates(roomId) {
			const rows = await read<{ seq: number; data: Buffer }>(
				'SELECT seq, data FROM updates WHERE room = $1 ORDER BY seq',
				[roomId]
			);
			const updates = rows.map((row) => new Uint8Array(row.data));
			return { updates, seqs: rows.map((row) => Number(row.seq)) };
		},
		async loadClientOwners(roomId) {
			const rows = await read<{ client: number; member: string }>(
				'SELECT client, member FROM client_owners WHERE room = $1',
				[roomId]
			);
			return new Map(rows.map((row) => [row.client, row.member]));
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
		sql,
		async ping() {
			await pool.query('SELECT 1');
		},
		async close() {
			await writer.close();
			await pool.end();
		}
	};
}

/** Runs a store's DDL under a lock: `IF NOT EXISTS` alone races between instances. */
async function createTables(pool: pg.Pool, ddl: string): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
		try {
			await client.query(ddl);
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
		}
	} finally {
		client.release();
	}
}
