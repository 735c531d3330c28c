/**
 * Follows the loaded boards (Rooms.watch) and pushes what is new. `delayMs` after the last
 * commit on a board with subscriptions (never on the path of an ack; a board without any costs
 * one set lookup), the board's notices and reminders are derived with domain/notify — the same
 * derivation as the app's counters — and, one board at a time:
 * - subscriptions whose member was removed, or whose device was taken back, are dropped;
 * - each notice id not pushed before to a subscribed member is remembered, then pushed to each of
 *   that member's devices;
 * - the reminders of subscribed members are stored with their due times (ticker.ts fires them).
 * The doc is read at once, synchronously (an unloading doc is destroyed right after); what
 * follows is asynchronous and never throws into a room.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { deriveNotices, deriveReminders } from '../../src/lib/domain/notify/derive';
import { noticeInputFromDoc } from '../../src/lib/domain/notify/input';
import type { Notice, Reminder } from '../../src/lib/domain/notify/notice';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { Room } from '../room';
import type { Rooms, RoomWatcher } from '../rooms';
import type { Clock } from './clock';
import type { Delivery } from './delivery';
import type { ReminderStore } from './reminder-store';
import { SENT_KEPT_MS, type SentNotices } from './sent-notices';
import { standingOf, type BoardStanding } from './standing';
import type { Subscription, SubscriptionStore } from './subscription-store';
import { waitAtMost } from '../wait-at-most';

/** A board edited without pause is still derived this many delays after its first change. */
const MAX_WAIT_DELAYS = 5;
const MINUTE = 60_000;
/**
 * At shutdown, how long pushes still leaving may hold the storage open: with the clients' 2 s
 * grace, within main.ts's 5 s deadline. A push cut then was remembered already: it is lost, not
 * repeated.
 */
const CLOSE_WAIT_MS = 2000;

/** What one derivation read from a board's doc. */
export interface BoardSnapshot {
	boardId: string;
	notices: Notice[];
	reminders: Reminder[];
	standing: BoardStanding;
}

interface Pending {
	timer: NodeJS.Timeout;
	since: number;
	room: Room;
}

export class Notifier implements RoomWatcher {
	private readonly pending = new Map<string, Pending>();
	/** Per board, the end of the work queued so far: passes and baselines run one at a time. */
	private readonly queues = new Map<string, Promise<void>>();
	private readonly logError: RateLimitedLog;
	private closed = false;

	constructor(
		private readonly rooms: Rooms,
		private readonly subscriptions: SubscriptionStore,
		private readonly sent: SentNotices,
		private readonly reminders: ReminderStore,
		private readonly delivery: Delivery,
		private readonly delayMs: number,
		log: Logger,
		private readonly clock: Clock
	) {
		this.logError = rateLimitedLog(log, 'error');
	}

	committed(roomId: string, _doc: Y.Doc): void {
		if (this.closed || !this.subscriptions.mayHave(roomId)) return;
		const previous = this.pending.get(roomId);
		const room = previous?.room ?? this.rooms.loadedRoom(roomId);
		if (room === undefined) return;
		if (previous) clearTimeout(previous.timer);
		const now = Date.now();
		const since = previous?.since ?? now;
		const wait = Math.max(0, Math.min(this.delayMs, since + MAX_WAIT_DELAYS * this.delayMs - now));
		const timer = setTimeout(() => {
			if (!this.subscriptions.shared) {
				this.pending.delete(roomId);
				this.derive(room);
				return;
			}
			// Another instance may have taken the board's last subscription, or its first.
			this.subscriptions.has(roomId).then(
				(followed) => {
					// Unloading derived it meanwhile, or a later commit put the pass off.
					if (this.pending.get(roomId)?.timer !== timer) return;
					this.pending.delete(roomId);
					if (followed) this.derive(room);
				},
				(error: unknown) => {
					if (this.pending.get(roomId)?.timer === timer) this.pending.delete(roomId);
					this.logError('push-board', { room: roomId, err: error }, 'push work on a board failed');
				}
			);
		}, wait);
		timer.unref();
		this.pending.set(roomId, { timer, since, room });
	}

	unloading(roomId: string, _doc: Y.Doc, intact: boolean): void {
		const pending = this.pending.get(roomId);
		if (!pending) return;
		clearTimeout(pending.timer);
		this.pending.delete(roomId);
		// Derived now, before the doc goes: what changed since the last pass is not lost.
		if (intact) this.derive(pending.room);
	}

	/** Reads the board now; pushes and stores after the board's earlier work. */
	derive(room: Room): void {
		const snapshot = this.read(room);
		if (snapshot === null) return;
		this.exclusive(room.id, () => this.apply(snapshot)).catch((error: unknown) => {
			this.logError('push-board', { room: room.id, err: error }, 'push work on a board failed');
		});
	}

	/** Runs `task` after the board's queued work; the queue goes on whatever it throws. */
	exclusive<T>(boardId: string, task: () => Promise<T>): Promise<T> {
		const run = (this.queues.get(boardId) ?? Promise.resolve()).then(task);
		const settled = run.then(
			() => undefined,
			() => undefined
		);
		this.queues.set(boardId, settled);
		void settled.then(() => {
			if (this.queues.get(boardId) === settled) this.queues.delete(boardId);
		});
		return run;
	}

	/** The board's notices, reminders and standing, read from its doc; null if that fails. */
	read(room: Room): BoardSnapshot | null {
		try {
			const now = this.clock();
			const input = noticeInputFromDoc(room.doc, room.id, now);
			return {
				boardId: room.id,
				notices: deriveNotices(input),
				reminders: deriveReminders(input, now),
				standing: standingOf(room)
			};
		} catch (error) {
			this.logError('push-derive', { room: room.id, err: error }, 'cannot derive notices');
			return null;
		}
	}

	/**
	 * Remembers, without pushing, every notice the member already has on the board: a member who
	 * subscribes is told what happens from now on, not last month's news.
	 */
	async baseline(snapshot: BoardSnapshot, memberId: string): Promise<void> {
		const ids = snapshot.notices.filter((n) => n.to === memberId).map((n) => n.id);
		await this.sent.remember(snapshot.boardId, memberId, ids, this.clock());
	}

	async apply(snapshot: BoardSnapshot): Promise<void> {
		const { boardId, standing } = snapshot;
		const byMember = new Map<string, Subscription[]>();
		for (const subscription of await this.subscriptions.ofBoard(boardId)) {
			if (!standing.mayReceive(subscription.device)) {
				await this.delivery.drop(subscription, 'not-member');
				continue;
			}
			const list = byMember.get(subscription.device.memberId) ?? [];
			list.push(subscription);
			byMember.set(subscription.device.memberId, list);
		}
		const now = this.clock();
		for (const [memberId, devices] of byMember) {
			const known = await this.sent.known(boardId, memberId);
			const fresh = snapshot.notices.filter(
				(n) => n.to === memberId && !known.has(n.id) && !(n.at > 0 && n.at < now - SENT_KEPT_MS)
			);
			if (fresh.length === 0) continue;
			// Claimed first: a crash before the pushes loses them, never repeats them; another
			// instance that derived the board meanwhile pushes what it claimed, this one the rest.
			const claimed = new Set(
				await this.sent.claim(
					boardId,
					memberId,
					fresh.map((n) => n.id),
					now
				)
			);
			for (const notice of fresh.filter((n) => claimed.has(n.id))) {
				await Promise.all(
					devices.map((device) =>
						this.delivery.deliver(device, standing.boardName, {
							kind: notice.kind,
							path: notice.path,
							urgency: 'normal'
						})
					)
				);
			}
		}
		await this.reminders.sync(
			boardId,
			snapshot.reminders
				.filter((r) => byMember.has(r.to))
				.map((reminder) => ({ reminder, leadMs: leadOf(byMember.get(reminder.to)!) }))
		);
	}

	/**
	 * Stops the timers and waits, CLOSE_WAIT_MS at most, for the boards' queued work (the rooms'
	 * unloading, just before, derived what they hold). Call before the storage closes.
	 */
	async close(): Promise<void> {
		this.closed = true;
		for (const { timer } of this.pending.values()) clearTimeout(timer);
		this.pending.clear();
		await waitAtMost(Promise.all(this.queues.values()), CLOSE_WAIT_MS);
	}
}

/** The lead the member chose last, on whichever device. */
function leadOf(devices: readonly Subscription[]): number {
	const latest = devices.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
	return latest.reminderLeadMinutes * MINUTE;
}
