/**
 * Reminders before confirmed slots, stored as due times per member (`start - lead`, the lead of
 * the member's latest subscription on the board), so that one fires even when its board is not
 * loaded, and only once (`fired`), across restarts.
 */
import type { Reminder } from '../../src/lib/domain/notify/notice';
import type { SqlAccess, SqlStatement } from '../storage';

export interface DueReminder {
	boardId: string;
	memberId: string;
	id: string;
	role: 'guest' | 'host';
	path: string;
	start: number;
	due: number;
}

interface Row {
	board: string;
	member: string;
	reminder: string;
	role: string;
	path: string;
	start: number;
	due: number;
}

export class ReminderStore {
	private readonly dueQuery;
	private readonly pendingOfBoard;

	constructor(private readonly sql: SqlAccess) {
		this.dueQuery = sql.read<Row>(
			'SELECT board, member, reminder, role, path, start, due FROM push_reminders WHERE fired = 0 AND due <= ? ORDER BY due LIMIT ?'
		);
		this.pendingOfBoard = sql.read<{ member: string; reminder: string }>(
			'SELECT member, reminder FROM push_reminders WHERE board = ? AND fired = 0'
		);
	}

	/**
	 * Makes the board's unfired reminders exactly `wanted` (each with its member's lead): new ones
	 * added, moved ones updated, ones whose booking went away dropped. Fired ones stay fired.
	 */
	async sync(boardId: string, wanted: readonly { reminder: Reminder; leadMs: number }[]) {
		const keep = new Set(wanted.map(({ reminder }) => `${reminder.to} ${reminder.id}`));
		const statements: SqlStatement[] = wanted.map(({ reminder: r, leadMs }) => ({
			sql: `INSERT INTO push_reminders (board, member, reminder, role, path, start, due)
			      VALUES (?, ?, ?, ?, ?, ?, ?)
			      ON CONFLICT (board, member, reminder) DO UPDATE SET
			        role = excluded.role, path = excluded.path, start = excluded.start, due = excluded.due
			      WHERE push_reminders.fired = 0`,
			params: [boardId, r.to, r.id, r.role, r.path, r.start, r.start - leadMs]
		}));
		for (const { member, reminder } of await this.pendingOfBoard.all(boardId)) {
			if (keep.has(`${member} ${reminder}`)) continue;
			statements.push({
				sql: 'DELETE FROM push_reminders WHERE board = ? AND member = ? AND reminder = ? AND fired = 0',
				params: [boardId, member, reminder]
			});
		}
		if (statements.length > 0) await this.sql.write(statements);
	}

	async due(now: number, limit: number): Promise<DueReminder[]> {
		return (await this.dueQuery.all(now, limit)).map((r) => ({
			boardId: r.board,
			memberId: r.member,
			id: r.reminder,
			role: r.role === 'host' ? 'host' : 'guest',
			path: r.path,
			start: Number(r.start),
			due: Number(r.due)
		}));
	}

	/** True for the one caller (of every relay instance) that marked it: that one sends it. */
	async markFired(r: DueReminder): Promise<boolean> {
		const changed = await this.sql.write([
			{
				sql: 'UPDATE push_reminders SET fired = 1 WHERE board = ? AND member = ? AND reminder = ? AND fired = 0',
				params: [r.boardId, r.memberId, r.id]
			}
		]);
		return changed > 0;
	}

	/** Reminders of slots long past, fired or not. */
	async prune(before: number): Promise<void> {
		await this.sql.write([{ sql: 'DELETE FROM push_reminders WHERE start < ?', params: [before] }]);
	}
}
