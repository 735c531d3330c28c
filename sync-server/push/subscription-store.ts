/**
 * Push subscriptions, one row per board and endpoint (schema.ts). Which boards have any is kept
 * in memory too, so that a commit on a board nobody subscribed to costs one set lookup.
 */
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import type { MemberDevice } from '../policy/room-policy';
import { updateFromExcluded } from '../portable-sql';
import type { SqlAccess } from '../storage';

export type PushLocale = 'fr' | 'en';

export interface QuietHours {
	/** "HH:MM", local time in the subscription's time zone. */
	from: string;
	to: string;
}

export interface Subscription {
	boardId: string;
	endpoint: string;
	device: MemberDevice;
	p256dh: string;
	auth: string;
	locale: PushLocale;
	timeZone: string;
	quietHours: QuietHours | null;
	reminderLeadMinutes: number;
	updatedAt: number;
}

interface Row {
	board: string;
	endpoint: string;
	member: string;
	device_key: string;
	chain: string;
	p256dh: string;
	auth: string;
	locale: string;
	time_zone: string;
	quiet_from: string | null;
	quiet_to: string | null;
	lead_minutes: number;
	updated_at: number;
}

const COLUMNS =
	'board, endpoint, member, device_key, chain, p256dh, auth, locale, time_zone, quiet_from, quiet_to, lead_minutes, updated_at';

export class SubscriptionStore {
	private readonly boards = new Set<string>();
	private readonly ofBoardQuery;
	private readonly oneQuery;
	private readonly countOfBoard;
	private readonly countOfMember;

	/**
	 * @param shared other relay instances write the same table (storage.shared): which boards have
	 * subscriptions is asked of the database, not of what this instance saw.
	 */
	constructor(
		private readonly sql: SqlAccess,
		readonly shared = false
	) {
		this.ofBoardQuery = sql.read<Row>(
			`SELECT ${COLUMNS} FROM push_subscriptions WHERE board = ? ORDER BY member, endpoint`
		);
		this.oneQuery = sql.read<Row>(
			`SELECT ${COLUMNS} FROM push_subscriptions WHERE board = ? AND endpoint = ?`
		);
		this.countOfBoard = sql.read<{ n: number }>(
			'SELECT COUNT(*) AS n FROM push_subscriptions WHERE board = ?'
		);
		this.countOfMember = sql.read<{ n: number }>(
			'SELECT COUNT(*) AS n FROM push_subscriptions WHERE board = ? AND member = ?'
		);
	}

	/** Reads which boards have subscriptions; call once before `mayHave`. */
	async loadBoards(): Promise<void> {
		const boards = this.sql.read<{ board: string }>(
			'SELECT DISTINCT board FROM push_subscriptions'
		);
		for (const { board } of await boards.all()) this.boards.add(board);
	}

	/** Cheap: the one question a commit on any board asks (always yes when shared: see `has`). */
	mayHave(boardId: string): boolean {
		return this.shared || this.boards.has(boardId);
	}

	/** Does any device follow the board? Asked of the database when it is shared. */
	async has(boardId: string): Promise<boolean> {
		if (!this.shared) return this.boards.has(boardId);
		return Number((await this.countOfBoard.get(boardId))?.n ?? 0) > 0;
	}

	async ofBoard(boardId: string): Promise<Subscription[]> {
		return (await this.ofBoardQuery.all(boardId)).map(fromRow);
	}

	async get(boardId: string, endpoint: string): Promise<Subscription | undefined> {
		const row = await this.oneQuery.get(boardId, endpoint);
		return row && fromRow(row);
	}

	async counts(boardId: string, memberId: string): Promise<{ board: number; member: number }> {
		const [board, member] = await Promise.all([
			this.countOfBoard.get(boardId),
			this.countOfMember.get(boardId, memberId)
		]);
		return { board: Number(board?.n ?? 0), member: Number(member?.n ?? 0) };
	}

	/** Stores or replaces the endpoint's subscription on the board (a device moved to another member included). */
	async put(s: Subscription): Promise<void> {
		this.boards.add(s.boardId);
		await this.sql.write([
			{
				sql: `INSERT INTO push_subscriptions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				      ON CONFLICT (board, endpoint) DO UPDATE SET ${updateFromExcluded(COLUMNS, 'board', 'endpoint')}`,
				params: [
					s.boardId,
					s.endpoint,
					s.device.memberId,
					s.device.deviceKey,
					JSON.stringify(s.device.chain),
					s.p256dh,
					s.auth,
					s.locale,
					s.timeZone,
					s.quietHours?.from ?? null,
					s.quietHours?.to ?? null,
					s.reminderLeadMinutes,
					s.updatedAt
				]
			}
		]);
	}

	/** Drops the endpoint's subscription on the board and what it had waiting. */
	async remove(boardId: string, endpoint: string): Promise<void> {
		await this.sql.write([
			{
				sql: 'DELETE FROM push_subscriptions WHERE board = ? AND endpoint = ?',
				params: [boardId, endpoint]
			},
			{ sql: 'DELETE FROM push_held WHERE board = ? AND endpoint = ?', params: [boardId, endpoint] }
		]);
		// Reads see the writer's commit: it is awaited above.
		if (Number((await this.countOfBoard.get(boardId))?.n ?? 0) === 0) this.boards.delete(boardId);
	}
}

function fromRow(row: Row): Subscription {
	return {
		boardId: row.board,
		endpoint: row.endpoint,
		device: {
			memberId: row.member,
			deviceKey: row.device_key,
			chain: JSON.parse(row.chain) as DeviceCertificate[]
		},
		p256dh: row.p256dh,
		auth: row.auth,
		locale: row.locale === 'en' ? 'en' : 'fr',
		timeZone: row.time_zone,
		quietHours:
			row.quiet_from === null || row.quiet_to === null
				? null
				: { from: row.quiet_from, to: row.quiet_to },
		reminderLeadMinutes: row.lead_minutes,
		updatedAt: row.updated_at
	};
}
