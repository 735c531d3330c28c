/**
 * Push's timer: every `tickMs`, by push's clock (clock.ts, injectable in tests), it fires the
 * reminders now due (each once: marked fired before it leaves) and releases what quiet hours
 * held. Each board concerned is opened to ask, at sending time, who may still receive
 * (standing.ts); a subscription whose member was removed or whose device was taken back is
 * dropped instead. Once an hour it forgets what is too old to matter.
 */
import type { Logger } from 'pino';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';
import type { Clock } from './clock';
import type { Delivery } from './delivery';
import type { HeldPushes } from './held-pushes';
import type { Notifier } from './notifier';
import type { DueReminder, ReminderStore } from './reminder-store';
import type { SentNotices } from './sent-notices';
import { withRoom } from '../room-read';
import { standingOf, type BoardStanding } from './standing';
import type { SubscriptionStore } from './subscription-store';

/** Rows handled per tick: a backlog after downtime drains over a few ticks, not in one stall. */
const BATCH = 200;
const HOUR = 60 * 60_000;
/** Reminders are kept a day past their slot's start, then forgotten. */
const REMINDER_KEPT_MS = 24 * HOUR;
/** As the notifier's: a reminder cut at shutdown was marked fired already, so it is not repeated. */
const CLOSE_WAIT_MS = 2000;

export interface TickerDeps {
	rooms: Rooms;
	storage: Storage;
	subscriptions: SubscriptionStore;
	reminders: ReminderStore;
	held: HeldPushes;
	sent: SentNotices;
	delivery: Delivery;
	notifier: Notifier;
	clock: Clock;
	log: Logger;
}

export class Ticker {
	private readonly timer: NodeJS.Timeout;
	private running: Promise<void> | null = null;
	private lastPrune = 0;
	private readonly logError: RateLimitedLog;

	constructor(
		private readonly deps: TickerDeps,
		tickMs: number
	) {
		this.logError = rateLimitedLog(deps.log, 'error');
		this.timer = setInterval(() => this.tick(), tickMs);
		this.timer.unref();
	}

	/** One pass, unless one is still running. */
	tick(): void {
		if (this.running) return;
		this.running = this.pass()
			.catch((error: unknown) => this.logError('push-tick', { err: error }, 'push tick failed'))
			.finally(() => (this.running = null));
	}

	/** Stops the timer; a pass still sending may hold the close CLOSE_WAIT_MS at most. */
	async close(): Promise<void> {
		clearInterval(this.timer);
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
		await Promise.race([this.running, late]);
		clearTimeout(timer);
	}

	private async pass(): Promise<void> {
		const now = this.deps.clock();
		for (const reminder of await this.deps.reminders.due(now, BATCH))
			await this.fire(reminder, now);
		await this.release(now);
		if (now - this.lastPrune >= HOUR) {
			this.lastPrune = now;
			await this.deps.sent.prune(now);
			await this.deps.reminders.prune(now - REMINDER_KEPT_MS);
		}
	}

	private standing(boardId: string): Promise<BoardStanding | null> {
		return withRoom(this.deps.rooms, this.deps.storage, boardId, standingOf);
	}

	private async fire(reminder: DueReminder, now: number): Promise<void> {
		const { subscriptions, delivery, notifier } = this.deps;
		// Every instance's ticker sees it due: the one that marks it sends it.
		if (!(await this.deps.reminders.markFired(reminder))) return;
		// Past the slot's start (the relay was down): a reminder then would only confuse.
		if (reminder.start <= now) return;
		const standing = await this.standing(reminder.boardId);
		if (standing === null) return;
		await notifier.exclusive(reminder.boardId, async () => {
			const devices = (await subscriptions.ofBoard(reminder.boardId)).filter(
				(s) => s.device.memberId === reminder.memberId
			);
			for (const device of devices) {
				if (!standing.mayReceive(device.device)) {
					await delivery.drop(device, 'not-member');
					continue;
				}
				await delivery.deliver(device, standing.boardName, {
					kind: reminder.role === 'host' ? 'reminder-host' : 'reminder-guest',
					path: reminder.path,
					urgency: 'high'
				});
			}
		});
	}

	private async release(now: number): Promise<void> {
		const { subscriptions, delivery, held } = this.deps;
		for (const push of await held.released(now, BATCH)) {
			if (!(await held.release(push))) continue;
			const subscription = await subscriptions.get(push.boardId, push.endpoint);
			if (!subscription) continue;
			const standing = await this.standing(push.boardId);
			if (standing === null) continue;
			if (!standing.mayReceive(subscription.device)) {
				await delivery.drop(subscription, 'not-member');
				continue;
			}
			await delivery.sendHeld(subscription, standing.boardName, push, push.count);
		}
	}
}
