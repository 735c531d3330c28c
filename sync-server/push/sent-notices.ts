/**
 * What was pushed (or deliberately not: what existed when a member subscribed), per board and
 * member, so that a notice id reaches a member at most once — across derivations, compactions,
 * restarts and relay instances. Remembered before the push leaves: a crash in between loses a push, never
 * repeats one. Rows older than SENT_KEPT_MS go; notices that old are never pushed anyway.
 */
import type { SqlAccess } from '../storage';

const DAY = 24 * 60 * 60_000;
/** 60 days: far beyond any phone's time offline; the table stays the size of two months. */
export const SENT_KEPT_MS = 60 * DAY;

export class SentNotices {
	private readonly ofMember;

	constructor(private readonly sql: SqlAccess) {
		this.ofMember = sql.read<{ notice: string }>(
			'SELECT notice FROM push_sent WHERE board = ? AND member = ?'
		);
	}

	async known(boardId: string, memberId: string): Promise<Set<string>> {
		return new Set((await this.ofMember.all(boardId, memberId)).map((r) => r.notice));
	}

	async remember(boardId: string, memberId: string, ids: readonly string[], at: number) {
		if (ids.length === 0) return;
		await this.sql.write(ids.map((id) => rememberStatement(boardId, memberId, id, at)));
	}

	/**
	 * Remembers the notices and says which were new: another relay instance deriving the same board
	 * at the same time (several instances on one database) claims the others, and pushes those.
	 */
	async claim(boardId: string, memberId: string, ids: readonly string[], at: number) {
		const claimed = await Promise.all(
			ids.map(
				async (id) => (await this.sql.write([rememberStatement(boardId, memberId, id, at)])) > 0
			)
		);
		return ids.filter((_, i) => claimed[i]);
	}

	async prune(now: number): Promise<void> {
		await this.sql.write([
			{ sql: 'DELETE FROM push_sent WHERE at < ?', params: [now - SENT_KEPT_MS] }
		]);
	}
}

function rememberStatement(boardId: string, memberId: string, id: string, at: number) {
	return {
		sql: 'INSERT INTO push_sent (board, member, notice, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
		params: [boardId, memberId, id, at]
	};
}
