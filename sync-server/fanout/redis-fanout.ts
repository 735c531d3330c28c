/**
 * The instances' channel on Redis pub/sub: one channel per room, heard by the instances that have
 * the room loaded. Pub/sub rather than streams because the database already is the durable,
 * ordered log: Redis carries only news, keeps nothing to trim, and adds one hop of latency. What
 * pub/sub can lose (while a connection is down, or a subscriber too slow for Redis's buffer) is
 * made up from the log:
 * - the subscriber connection came back: every loaded room reads its log again, once the
 *   subscriptions are re-established (announcements from then on reach it);
 * - an announcement could not be published: once the publisher is back, the room is announced as
 *   `resync`, and every instance reads its log again.
 * A room may fold on one instance at a time: a lock key with an expiry, released by its holder.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { rateLimitedLog } from '../rate-limited-log';
import { waitAtMost } from '../wait-at-most';
import type { Fanout, RoomChannel, RoomReceiver } from './fanout';
import { decodeRoomMessage, encodeRoomMessage, type RoomMessage } from './room-message';

const PREFIX = 'quartier:';
/** A board still opens while Redis is away; it is heard from as soon as Redis is back. */
const JOIN_WAIT_MS = 2000;
/** A fold of the biggest board takes seconds; an instance that died holding it frees it by then. */
const FOLD_LOCK_MS = 60_000;
const PROBE_TIMEOUT_MS = 1000;
/** Deletes the lock only if it is still ours (it may have expired and been taken since). */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export interface FanoutCounters {
	published(kind: RoomMessage['kind']): void;
	received(kind: RoomMessage['kind']): void;
	resynced(): void;
}

export class RedisFanout implements Fanout {
	private readonly publisher: Redis;
	private readonly subscriber: Redis;
	private readonly receivers = new Map<string, RoomReceiver>();
	/** Rooms with an announcement that could not leave: announced as `resync` once Redis is back. */
	private readonly unsent = new Set<string>();
	private subscriberWasReady = false;
	private readonly warn: ReturnType<typeof rateLimitedLog>;

	constructor(
		url: string,
		private readonly instanceId: string,
		private readonly log: Logger,
		private readonly counters?: FanoutCounters
	) {
		this.warn = rateLimitedLog(log, 'warn');
		// Fails at once while disconnected rather than queueing: what could not leave is a resync.
		this.publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
		// Subscriptions wait for the connection, however long it takes.
		this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
		for (const [name, connection] of [
			['publisher', this.publisher],
			['subscriber', this.subscriber]
		] as const) {
			connection.on('error', (error: Error) =>
				this.warn(`redis-${name}`, { err: error.message }, `redis ${name} connection failed`)
			);
		}
		this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
			this.dispatch(channel.toString(), message)
		);
		this.subscriber.on('ready', () => this.subscriberReady());
		this.publisher.on('ready', () => this.publisherReady());
	}

	async join(roomId: string, receiver: RoomReceiver): Promise<RoomChannel> {
		this.receivers.set(roomId, receiver);
		const subscribed = this.subscriber.subscribe(channelOf(roomId)).then(
			() => true,
			(error: unknown) => {
				this.warn('redis-subscribe', { room: roomId, err: error }, 'could not subscribe to a room');
				return false;
			}
		);
		let inTime = false;
		await waitAtMost(
			subscribed.then(() => (inTime = true)),
			JOIN_WAIT_MS
		);
		if (!inTime) {
			// Loaded without hearing the others: what they announced meanwhile is read once heard.
			void subscribed.then(() => {
				if (this.receivers.get(roomId) === receiver) receiver.resync();
			});
		}
		return {
			publish: (message) => this.publish(roomId, message),
			whileFolding: (fold) => this.whileFolding(roomId, fold)
		};
	}

	leave(roomId: string, receiver: RoomReceiver): void {
		if (this.receivers.get(roomId) !== receiver) return;
		this.receivers.delete(roomId);
		this.subscriber.unsubscribe(channelOf(roomId)).catch(() => {
			// Closing, or disconnected: the subscription is gone with the connection, or harmless.
		});
	}

	async problem(): Promise<string | null> {
		try {
			await Promise.race([
				this.publisher.ping(),
				new Promise((_, reject) =>
					setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref()
				)
			]);
			return this.subscriber.status === 'ready'
				? null
				: `redis subscriber ${this.subscriber.status}`;
		} catch (error) {
			return `redis: ${(error as Error).message}`;
		}
	}

	async close(): Promise<void> {
		this.receivers.clear();
		await Promise.all([
			this.publisher.quit().catch(() => this.publisher.disconnect()),
			this.subscriber.quit().catch(() => this.subscriber.disconnect())
		]);
	}

	private publish(roomId: string, message: RoomMessage): void {
		this.publisher
			.publish(channelOf(roomId), Buffer.from(encodeRoomMessage(this.instanceId, message)))
			.then(
				() => this.counters?.published(message.kind),
				() => {
					// Presence is renewed every 15 s anyway; a row or a fold must be made up for.
					if (message.kind !== 'awareness') this.unsent.add(roomId);
				}
			);
	}

	private dispatch(channel: string, bytes: Buffer): void {
		const receiver = this.receivers.get(channel.slice(PREFIX.length + 'room:'.length));
		if (receiver === undefined) return;
		let decoded: ReturnType<typeof decodeRoomMessage>;
		try {
			decoded = decodeRoomMessage(bytes);
		} catch (error) {
			this.warn('redis-message', { channel, err: error }, 'ignored a malformed room message');
			return;
		}
		if (decoded.from === this.instanceId) return;
		this.counters?.received(decoded.message.kind);
		try {
			receiver.received(decoded.message);
		} catch (error) {
			this.log.error({ channel, err: error }, 'a room failed on a message from another instance');
		}
	}

	private subscriberReady(): void {
		if (!this.subscriberWasReady) {
			this.subscriberWasReady = true;
			return;
		}
		// ioredis sends the lost subscriptions again as it becomes ready; once a ping queued after
		// them is answered they are in force, and reading the log then misses nothing.
		setImmediate(() => {
			this.subscriber.ping().then(
				() => {
					this.log.info(
						{ rooms: this.receivers.size },
						'redis is back: rooms read their logs again'
					);
					for (const receiver of this.receivers.values()) {
						this.counters?.resynced();
						receiver.resync();
					}
				},
				() => {
					// Down again: the next ready starts over.
				}
			);
		});
	}

	private publisherReady(): void {
		const rooms = [...this.unsent];
		this.unsent.clear();
		for (const roomId of rooms) this.publish(roomId, { kind: 'resync' });
	}

	private async whileFolding<T>(roomId: string, fold: () => Promise<T>): Promise<T | null> {
		const key = `${PREFIX}fold:${roomId}`;
		const token = `${this.instanceId}:${Math.random().toString(36).slice(2)}`;
		let taken: string | null;
		try {
			taken = await this.publisher.set(key, token, 'PX', FOLD_LOCK_MS, 'NX');
		} catch {
			// Without Redis no instance can know; the fold waits (the log grows, nothing is lost).
			return null;
		}
		if (taken !== 'OK') return null;
		try {
			return await fold();
		} finally {
			await this.publisher.eval(RELEASE_LOCK, 1, key, token).catch(() => {
				// Expires by itself.
			});
		}
	}
}

function channelOf(roomId: string): string {
	return `${PREFIX}room:${roomId}`;
}
