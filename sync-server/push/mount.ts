/**
 * Web Push on the relay, in one call (ARCHITECTURE.md, "Being told"): the VAPID keys in the
 * data directory (in the database when instances share one), push's tables in the relay's
 * storage, the notifier that follows the loaded boards, the ticker for reminders and quiet
 * hours, and the HTTP routes. With push off, only GET /api/push/key answers (503) and nothing
 * follows the boards.
 */
import type * as http from 'node:http';
import type { Logger } from 'pino';
import type { PushConfig } from '../config';
import type { RelayMetrics } from '../metrics';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';
import { pushClock } from './clock';
import { Delivery } from './delivery';
import { HeldPushes } from './held-pushes';
import { pushHttp } from './http';
import { Notifier } from './notifier';
import { ReminderStore } from './reminder-store';
import { PUSH_SCHEMA } from './schema';
import { SentNotices } from './sent-notices';
import { SubscriptionStore } from './subscription-store';
import { Ticker } from './ticker';
import { loadOrMakeSharedVapidKeys, loadOrMakeVapidKeys } from './vapid-keys';

export interface Push {
	/** Answers a push request; false when the path is not one of push's. */
	handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
	/**
	 * Stops the ticker and the notifier (waiting a few seconds at most for pushes leaving); call
	 * after the rooms were unloaded (that derives them), before the storage closes.
	 */
	close(): Promise<void>;
}

export interface PushContext {
	config: PushConfig;
	dataDir: string;
	storage: Storage;
	rooms: Rooms;
	metrics: RelayMetrics;
	log: Logger;
	isClosing(): boolean;
}

export async function mountPush(ctx: PushContext): Promise<Push> {
	const { config, storage, rooms, log } = ctx;
	if (!config.enabled) return { handle: pushHttp({ ...ctx, live: null }), close: async () => {} };
	const vapid = storage.shared
		? await loadOrMakeSharedVapidKeys(storage.sql)
		: loadOrMakeVapidKeys(ctx.dataDir);
	storage.sql.schema(PUSH_SCHEMA);
	const clock = pushClock(config.clockFile);
	const subscriptions = new SubscriptionStore(storage.sql, storage.shared);
	await subscriptions.loadBoards();
	const sent = new SentNotices(storage.sql);
	const reminders = new ReminderStore(storage.sql);
	const held = new HeldPushes(storage.sql);
	const sender = {
		vapid,
		subject: config.subject,
		allowInsecureEndpoints: config.allowInsecureEndpoints
	};
	const delivery = new Delivery(subscriptions, held, sender, ctx.metrics, log, clock);
	const notifier = new Notifier(
		rooms,
		subscriptions,
		sent,
		reminders,
		delivery,
		config.delayMs,
		log,
		clock
	);
	rooms.watch(notifier);
	const ticker = new Ticker(
		{ rooms, storage, subscriptions, reminders, held, sent, delivery, notifier, clock, log },
		config.tickMs
	);
	const live = { publicKey: vapid.publicKey, subscriptions, notifier };
	const handle = pushHttp({ ...ctx, live });
	return {
		handle,
		close: async () => {
			// Side by side: each waits a few seconds at most, within main.ts's shutdown deadline.
			await Promise.all([ticker.close(), notifier.close()]);
		}
	};
}
