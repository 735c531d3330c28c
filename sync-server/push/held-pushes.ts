/**
 * Pushes held by a subscription's quiet hours: one row per board and endpoint, counting what
 * waits, released as ONE push when the quiet hours end ("3 nouveautés sur Rue des Lilas"; a
 * single held push goes out as it was).
 */
import type { SqlAccess } from '../storage';
import type { PushKind } from './words';

export type Urgency = 'normal' | 'high';

export interface HeldPush {
	boardId: string;
	endpoint: string;
	kind: PushKind;
	path: string;
	urgency: Urgency;
	count: number;
	releaseAt: number;
}

interface Row {
	board: string;
	endpoint: string;
	kind: string;
	path: string;
	urgency: string;
	count: number;
	release_at: number;
}

export class HeldPushes {
	private readonly releasedQuery;

	constructor(private readonly sql: SqlAccess) {
		this.releasedQuery = sql.read<Row>(
			'SELECT board, endpoint, kind, path, urgency, count, release_at FROM push_held WHERE release_at <= ? ORDER BY release_at LIMIT ?'
		);
	}

	/** Holds one more push for the endpoint until `releaseAt`. */
	async hold(push: Omit<HeldPush, 'count'>): Promise<void> {
		await this.sql.write([
			{
				sql: `INSERT INTO push_held (board, endpoint, kind, path, urgency, count, release_at)
				      VALUES (?, ?, ?, ?, ?, 1, ?)
				      ON CONFLICT (board, endpoint) DO UPDATE SET
				        count = push_held.count + 1,
				        urgency = CASE WHEN excluded.urgency = 'high' THEN 'high' ELSE push_held.urgency END,
				        release_at = CASE WHEN excluded.release_at < push_held.release_at
				          THEN excluded.release_at ELSE push_held.release_at END`,
				params: [push.boardId, push.endpoint, push.kind, push.path, push.urgency, push.releaseAt]
			}
		]);
	}

	async released(now: number, limit: number): Promise<HeldPush[]> {
		return (await this.releasedQuery.all(now, limit)).map((r) => ({
			boardId: r.board,
			endpoint: r.endpoint,
			kind: r.kind as PushKind,
			path: r.path,
			urgency: r.urgency === 'high' ? 'high' : 'normal',
			count: Number(r.count),
			releaseAt: Number(r.release_at)
		}));
	}

	/**
	 * True for the one caller (of every relay instance) that took it as read: one that grew since
	 * (another push held meanwhile) stays for the next pass.
	 */
	async release(push: HeldPush): Promise<boolean> {
		const changed = await this.sql.write([
			{
				sql: 'DELETE FROM push_held WHERE board = ? AND endpoint = ? AND count = ? AND release_at = ?',
				params: [push.boardId, push.endpoint, push.count, push.releaseAt]
			}
		]);
		return changed > 0;
	}
}
