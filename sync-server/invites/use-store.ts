/**
 * How many distinct new members each invite link let in (issue 17), in the relay's SQLite file
 * (its own table, through Storage.sql). Admission asks and records here with no await between
 * the check and the count (admission.ts awaits nothing from the proof to the connection's start),
 * so the counts live in memory per room, loaded before, and the rows follow on the writer.
 */
import type { Logger } from 'pino';
import type { SqlAccess } from '../storage';

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS invite_uses (
		room TEXT NOT NULL,
		token_hash TEXT NOT NULL,
		member TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (room, token_hash, member)
	);
`;

interface Row {
	token_hash: string;
	member: string;
}

export class InviteUses {
	/** room → token hash → members let in with it. */
	private readonly byRoom = new Map<string, Map<string, Set<string>>>();
	private readonly rowsOf;

	/**
	 * @param shared other relay instances count on the same table (storage.shared): every `load`
	 * reads it again, so a link used up through one instance is used up on all of them. Two
	 * admissions at the same moment on two instances can still both take a link's last use.
	 */
	constructor(
		private readonly sql: SqlAccess,
		private readonly log: Logger,
		private readonly shared = false
	) {
		sql.schema(SCHEMA);
		this.rowsOf = sql.read<Row>('SELECT token_hash, member FROM invite_uses WHERE room = ?');
	}

	/**
	 * Reads the room's uses once (each time when shared); `count`, `counts` and `record` answer
	 * from memory after it.
	 */
	async load(roomId: string): Promise<void> {
		if (!this.shared && this.byRoom.has(roomId)) return;
		const rows = await this.rowsOf.all(roomId);
		if (!this.shared && this.byRoom.has(roomId)) return;
		const uses = new Map<string, Set<string>>();
		for (const row of rows) {
			const members = uses.get(row.token_hash) ?? new Set<string>();
			members.add(row.member);
			uses.set(row.token_hash, members);
		}
		// Uses recorded here while the read was under way are not in it yet: kept.
		for (const [hash, members] of this.byRoom.get(roomId) ?? []) {
			const merged = uses.get(hash) ?? new Set<string>();
			for (const member of members) merged.add(member);
			uses.set(hash, merged);
		}
		this.byRoom.set(roomId, uses);
	}

	private room(roomId: string): Map<string, Set<string>> {
		const uses = this.byRoom.get(roomId);
		// A count from nothing would let a used-up link in again.
		if (uses === undefined) throw new Error(`invite uses of ${roomId} were not loaded`);
		return uses;
	}

	count(roomId: string, tokenHash: string): number {
		return this.room(roomId).get(tokenHash)?.size ?? 0;
	}

	/** Every link's count in the room, by token hash. */
	counts(roomId: string): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const [hash, members] of this.room(roomId)) counts[hash] = members.size;
		return counts;
	}

	/** Counts a member let in with this token; a member counted before is not counted again. */
	record(roomId: string, tokenHash: string, memberId: string, at: number): void {
		const uses = this.room(roomId);
		const members = uses.get(tokenHash) ?? new Set<string>();
		if (members.has(memberId)) return;
		members.add(memberId);
		uses.set(tokenHash, members);
		this.sql
			.write([
				{
					sql: 'INSERT INTO invite_uses (room, token_hash, member, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
					params: [roomId, tokenHash, memberId, at]
				}
			])
			.catch((error: unknown) => {
				this.log.error({ room: roomId, err: error }, 'could not store an invite use');
			});
	}
}
