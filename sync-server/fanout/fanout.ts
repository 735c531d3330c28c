/**
 * How the relay instances serving one city share their rooms. A room loaded on several instances
 * is one board: each instance announces the rows it commits (room-message.ts) and applies the
 * others'. The database stays the only source of truth: an announcement follows its commit, and
 * one that was lost is made up by reading the log again, so the channel may drop messages but
 * never loses data. One instance alone (the default, and SQLite) uses `SINGLE_INSTANCE`.
 */
import type { RoomMessage } from './room-message';

/** What a loaded room hears from the other instances. */
export interface RoomReceiver {
	received(message: RoomMessage): void;
	/** Announcements may have been missed: read the room's log from storage again. */
	resync(): void;
}

/** One loaded room's side of the channel. */
export interface RoomChannel {
	/** Tells the other instances; never throws (a message that cannot leave becomes a resync). */
	publish(message: RoomMessage): void;
	/**
	 * Runs `fold` unless another instance is folding the room: resolves with its result, or null
	 * without running it.
	 */
	whileFolding<T>(fold: () => Promise<T>): Promise<T | null>;
}

export interface Fanout {
	/**
	 * Starts hearing the room; resolves once nothing announced from now on can be missed, which is
	 * when the room may read its log.
	 */
	join(roomId: string, receiver: RoomReceiver): Promise<RoomChannel>;
	/** Stops hearing the room (`receiver` as given to `join`: a later join of it stays). */
	leave(roomId: string, receiver: RoomReceiver): void;
	/** Null while the channel works, or what is wrong (for /readyz). */
	problem(): Promise<string | null>;
	close(): Promise<void>;
}

/** A room's channel when the relay is the only instance. */
export const SINGLE_INSTANCE_ROOM: RoomChannel = {
	publish() {},
	whileFolding: (fold) => fold()
};

/** Nobody to tell: the relay is the only instance. */
export const SINGLE_INSTANCE: Fanout = {
	join: () => Promise.resolve(SINGLE_INSTANCE_ROOM),
	leave() {},
	problem: () => Promise.resolve(null),
	close: () => Promise.resolve()
};
