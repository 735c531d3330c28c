/**
 * PostgreSQL's writer: one connection, one transaction per batch, batches in FIFO order, and
 * whatever is queued while one commits goes into the next (group commit, as storage.ts's worker).
 * A batch that fails fails only its own writes (after a few tries when PostgreSQL gave it up to
 * break a deadlock with another instance's). A write that would bind a client id another
 * instance bound first fails alone (`BindingTaken`), rolled back to its savepoint.
 *
 * The connection is opened again after it broke (the server restarted): writes queued meanwhile
 * wait for it, and fail only if it cannot be had.
 */
import type pg from 'pg';
import { BindingTaken, type StorageOp } from '../storage';
import { numberedPlaceholders } from './dialect';

/**
 * Another instance's batch took the same keys in the other order (two instances claiming the same
 * notices, client ids, rows): PostgreSQL rolled one back whole, so running it again is exact.
 */
const MAX_ATTEMPTS = 5;
const TRANSIENT = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

function isTransient(error: unknown): boolean {
	return TRANSIENT.has((error as { code?: string } | null)?.code ?? '');
}

interface Queued {
	op: StorageOp;
	resolve(result: number | null): void;
	reject(error: Error): void;
}

export class PgWriteQueue {
	private queue: Queued[] = [];
	private running: Promise<void> | null = null;
	private closed = false;
	private client: pg.Client | null = null;
	/** Store statements in PostgreSQL's numbering, translated once each. */
	private readonly numbered = new Map<string, string>();

	constructor(private readonly connect: () => Promise<pg.Client>) {}

	push(op: StorageOp): Promise<number | null> {
		if (this.closed) return Promise.reject(new Error('storage is closing'));
		return new Promise((resolve, reject) => {
			this.queue.push({ op, resolve, reject });
			this.running ??= this.drain();
		});
	}

	/** Commits everything queued, then closes the connection. */
	async close(): Promise<void> {
		this.closed = true;
		await this.running;
		await this.client?.end().catch(() => {});
		this.client = null;
	}

	private async drain(): Promise<void> {
		while (this.queue.length > 0) {
			const batch = this.queue;
			this.queue = [];
			await this.commit(batch);
		}
		this.running = null;
	}

	private async connection(): Promise<pg.Client> {
		if (this.client !== null) return this.client;
		const client = await this.connect();
		client.on('error', () => {
			// Broken: the next batch opens another one.
			if (this.client === client) this.client = null;
		});
		this.client = client;
		return client;
	}

	private async commit(batch: Queued[]): Promise<void> {
		let client: pg.Client;
		try {
			client = await this.connection();
		} catch (error) {
			this.fail(batch, error);
			return;
		}
		let results: (number | null | BindingTaken)[] = [];
		for (let attempt = 1; ; attempt++) {
			try {
				results = [];
				await client.query('BEGIN');
				for (const { op } of batch) results.push(await this.run(client, op));
				await client.query('COMMIT');
				break;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => {
					// The connection is gone: it rolled back with it.
					if (this.client === client) this.client = null;
				});
				if (isTransient(error) && attempt < MAX_ATTEMPTS && this.client === client) {
					await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
					continue;
				}
				this.fail(batch, error);
				return;
			}
		}
		batch.forEach((queued, i) => {
			const result = results[i] ?? null;
			if (result instanceof BindingTaken) queued.reject(result);
			else queued.resolve(result);
		});
	}

	private fail(batch: Queued[], error: unknown): void {
		const reason = error instanceof Error ? error.message : String(error);
		const failure = new Error(`commit failed: ${reason}`);
		for (const queued of batch) queued.reject(failure);
	}

	private async run(client: pg.Client, op: StorageOp): Promise<number | null | BindingTaken> {
		switch (op.kind) {
			case 'room':
				await client.query(
					'INSERT INTO rooms (id, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
					[op.roomId, op.tokenHash, op.at]
				);
				return null;
			case 'bind':
				return (await this.claim(client, op.roomId, op.clients, op.memberId)) ?? null;
			case 'append': {
				const taken = await this.claim(client, op.roomId, op.clients, op.memberId);
				if (taken) return taken;
				return this.insertUpdate(client, op.roomId, op.update);
			}
			case 'replace':
				await client.query('DELETE FROM updates WHERE room = $1 AND seq = ANY($2::bigint[])', [
					op.roomId,
					op.seqs
				]);
				return this.insertUpdate(client, op.roomId, op.merged);
			case 'sql': {
				let changed = 0;
				for (const { sql, params } of op.statements) {
					changed += (await client.query(this.translated(sql), params)).rowCount ?? 0;
				}
				return changed;
			}
		}
	}

	private async insertUpdate(client: pg.Client, roomId: string, data: Uint8Array): Promise<number> {
		const { rows } = await client.query<{ seq: number }>(
			'INSERT INTO updates (room, data) VALUES ($1, $2) RETURNING seq',
			[roomId, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]
		);
		return rows[0]!.seq;
	}

	/**
	 * Binds the free client ids to the member, atomically with every other instance: the row's
	 * primary key decides who was first, and RETURNING says who that was. A client id held by
	 * another member undoes this write's bindings and refuses it.
	 */
	private async claim(
		client: pg.Client,
		roomId: string,
		clients: number[],
		memberId: string
	): Promise<BindingTaken | undefined> {
		if (clients.length === 0) return undefined;
		await client.query('SAVEPOINT claim');
		const { rows } = await client.query<{ client: number; member: string }>(
			`INSERT INTO client_owners (room, client, member)
				SELECT $1, c, $3 FROM unnest($2::bigint[]) AS c
				ON CONFLICT (room, client) DO UPDATE SET member = client_owners.member
				RETURNING client, member`,
			[roomId, [...new Set(clients)], memberId]
		);
		const taken = rows.find((row) => row.member !== memberId);
		if (taken) {
			await client.query('ROLLBACK TO SAVEPOINT claim');
			return new BindingTaken(taken.client, taken.member);
		}
		await client.query('RELEASE SAVEPOINT claim');
		return undefined;
	}

	private translated(sql: string): string {
		let numbered = this.numbered.get(sql);
		if (numbered === undefined) {
			numbered = numberedPlaceholders(sql);
			this.numbered.set(sql, numbered);
		}
		return numbered;
	}
}
