/**
 * Join requests and blocks, in the relay's SQLite file (their own tables, through Storage.sql):
 * a requester has no token, so what they asked lives here, never in the board's document. Rows
 * keep a hash of the requester's address, never the address itself.
 *
 * Every check-then-write (caps, "already decided") runs in `exclusive`, one at a time: writes
 * commit asynchronously on the writer, and two requests checked side by side would both pass.
 */
import type { JoinStatus } from '../../src/lib/domain/join/request';
import { randomBytes } from 'node:crypto';
import { updateFromExcluded } from '../portable-sql';
import type { SqlAccess } from '../storage';

export interface StoredRequest {
	id: string;
	boardId: string;
	memberId: string;
	deviceKey: string;
	encryptionKey: string;
	name: string;
	bio: string;
	answers: string[];
	/** When the requester signed it. */
	at: number;
	status: JoinStatus;
	decidedAt: number | null;
	decidedBy: string | null;
	message: string;
	/** The Sealed invite an accepting admin sent, as they sent it. */
	sealedInvite: unknown;
	ipHash: string;
	/** When the relay took it, by its own clock: the requester's `at` orders nothing. */
	receivedAt: number;
}

export type NewRequest = Omit<
	StoredRequest,
	'status' | 'decidedAt' | 'decidedBy' | 'message' | 'sealedInvite'
>;

export interface Decision {
	status: 'accepted' | 'declined';
	decidedAt: number;
	decidedBy: string;
	message: string;
	sealedInvite: unknown;
}

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS join_requests (
		id TEXT PRIMARY KEY,
		board TEXT NOT NULL,
		member TEXT NOT NULL,
		device_key TEXT NOT NULL,
		encryption_key TEXT NOT NULL,
		name TEXT NOT NULL,
		bio TEXT NOT NULL,
		answers TEXT NOT NULL,
		at INTEGER NOT NULL,
		status TEXT NOT NULL,
		decided_at INTEGER,
		decided_by TEXT,
		message TEXT NOT NULL,
		sealed_invite TEXT,
		ip_hash TEXT NOT NULL,
		received_at INTEGER NOT NULL
	);
	CREATE INDEX IF NOT EXISTS join_requests_board ON join_requests (board, status);
	CREATE INDEX IF NOT EXISTS join_requests_member ON join_requests (member, status);
	CREATE TABLE IF NOT EXISTS join_blocks (
		board TEXT NOT NULL,
		member TEXT NOT NULL,
		blocked_by TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (board, member)
	);
	CREATE TABLE IF NOT EXISTS join_salt (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		salt BLOB NOT NULL
	);
`;

interface Row {
	id: string;
	board: string;
	member: string;
	device_key: string;
	encryption_key: string;
	name: string;
	bio: string;
	answers: string;
	at: number;
	status: JoinStatus;
	decided_at: number | null;
	decided_by: string | null;
	message: string;
	sealed_invite: string | null;
	ip_hash: string;
	received_at: number;
}

const COLUMNS =
	'id, board, member, device_key, encryption_key, name, bio, answers, at, status, decided_at, decided_by, message, sealed_invite, ip_hash, received_at';

export class RequestStore {
	private queue: Promise<unknown> = Promise.resolve();
	private readonly byId;
	private readonly blocked;
	private readonly pendingOfBoard;
	private readonly pendingOfMember;
	private readonly forAdmins;
	private readonly selectSalt;
	private salt: Promise<Buffer> | null = null;

	constructor(private readonly sql: SqlAccess) {
		sql.schema(SCHEMA);
		this.byId = sql.read<Row>(`SELECT ${COLUMNS} FROM join_requests WHERE id = ?`);
		this.blocked = sql.read<{ one: number }>(
			'SELECT 1 AS one FROM join_blocks WHERE board = ? AND member = ?'
		);
		this.pendingOfBoard = sql.read<{ n: number }>(
			"SELECT COUNT(*) AS n FROM join_requests WHERE board = ? AND status = 'pending' AND member != ?"
		);
		this.pendingOfMember = sql.read<{ n: number }>(
			"SELECT COUNT(*) AS n FROM join_requests WHERE member = ? AND status = 'pending' AND board != ?"
		);
		// Pending first (the longest waiting first), then decided ones, latest first.
		this.forAdmins = sql.read<Row>(
			`SELECT ${COLUMNS} FROM join_requests
			 WHERE board = ? AND (status = 'pending' OR decided_at >= ?)
			 ORDER BY status != 'pending',
			          CASE WHEN status = 'pending' THEN received_at ELSE -decided_at END, id`
		);
		this.selectSalt = sql.read<{ salt: Buffer }>('SELECT salt FROM join_salt WHERE id = 1');
	}

	/**
	 * Keys the address hash: without it, a copy of the database reverses hashes of every IPv4.
	 * Drawn once for the database; the first relay to store one wins.
	 */
	addressSalt(): Promise<Buffer> {
		this.salt ??= (async () => {
			await this.sql.write([
				{
					sql: 'INSERT INTO join_salt (id, salt) VALUES (1, ?) ON CONFLICT (id) DO NOTHING',
					params: [randomBytes(32)]
				}
			]);
			const row = await this.selectSalt.get();
			if (!row) throw new Error('join_salt has no row');
			return Buffer.from(row.salt);
		})();
		this.salt.catch(() => (this.salt = null));
		return this.salt;
	}

	/** Runs `task` after every task queued before it has finished. */
	exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	async get(id: string): Promise<StoredRequest | undefined> {
		const row = await this.byId.get(id);
		return row && fromRow(row);
	}

	async isBlocked(boardId: string, memberId: string): Promise<boolean> {
		return (await this.blocked.get(boardId, memberId)) !== undefined;
	}

	/** Pending requests of the board, leaving out `memberId`'s (which a new one would replace). */
	async pendingOnBoard(boardId: string, memberId: string): Promise<number> {
		return Number((await this.pendingOfBoard.get(boardId, memberId))?.n ?? 0);
	}

	/** Pending requests of the member on other boards than `boardId`. */
	async pendingOfRequester(memberId: string, boardId: string): Promise<number> {
		return Number((await this.pendingOfMember.get(memberId, boardId))?.n ?? 0);
	}

	/** Pending ones, then those decided since `decidedSince`. */
	async listForAdmins(boardId: string, decidedSince: number): Promise<StoredRequest[]> {
		return (await this.forAdmins.all(boardId, decidedSince)).map(fromRow);
	}

	/** Stores a new pending request, or replaces the member's pending one on this board. */
	async putPending(request: NewRequest): Promise<void> {
		await this.sql.write([
			{
				sql: `INSERT INTO join_requests (${COLUMNS})
				      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, '', NULL, ?, ?)
				      ON CONFLICT (id) DO UPDATE SET ${updateFromExcluded(COLUMNS, 'id')}`,
				params: [
					request.id,
					request.boardId,
					request.memberId,
					request.deviceKey,
					request.encryptionKey,
					request.name,
					request.bio,
					JSON.stringify(request.answers),
					request.at,
					request.ipHash,
					request.receivedAt
				]
			}
		]);
	}

	async decide(id: string, decision: Decision): Promise<void> {
		await this.sql.write([decideStatement(id, decision)]);
	}

	/** Blocks the member on the board; `decline`, when given, declines their request too. */
	async block(
		boardId: string,
		memberId: string,
		by: string,
		at: number,
		decline?: { id: string; decision: Decision }
	): Promise<void> {
		await this.sql.write([
			{
				sql: 'INSERT INTO join_blocks (board, member, blocked_by, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
				params: [boardId, memberId, by, at]
			},
			...(decline ? [decideStatement(decline.id, decline.decision)] : [])
		]);
	}
}

function decideStatement(id: string, d: Decision) {
	return {
		sql: 'UPDATE join_requests SET status = ?, decided_at = ?, decided_by = ?, message = ?, sealed_invite = ? WHERE id = ?',
		params: [
			d.status,
			d.decidedAt,
			d.decidedBy,
			d.message,
			d.sealedInvite === null || d.sealedInvite === undefined
				? null
				: JSON.stringify(d.sealedInvite),
			id
		]
	};
}

function fromRow(row: Row): StoredRequest {
	return {
		id: row.id,
		boardId: row.board,
		memberId: row.member,
		deviceKey: row.device_key,
		encryptionKey: row.encryption_key,
		name: row.name,
		bio: row.bio,
		answers: JSON.parse(row.answers) as string[],
		at: row.at,
		status: row.status,
		decidedAt: row.decided_at,
		decidedBy: row.decided_by,
		message: row.message,
		sealedInvite: row.sealed_invite === null ? null : (JSON.parse(row.sealed_invite) as unknown),
		ipHash: row.ip_hash,
		receivedAt: row.received_at
	};
}
