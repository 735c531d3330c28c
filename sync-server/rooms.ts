/**
 * Loaded rooms. A live Y.Doc costs about 20× its encoded size (STACK-NOTES), so a room stays in
 * memory only while someone is connected, plus a grace period for reloads and flaky networks.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { CompactionTurns } from './compaction-turns';
import { SINGLE_INSTANCE, type Fanout, type RoomReceiver } from './fanout/fanout';
import type { RoomMessage } from './fanout/room-message';
import { Room } from './room';
import type { RelayMetrics } from './metrics';
import type { PolicyFactory } from './policy/room-policy';
import type { Storage } from './storage';

/** Follows the loaded boards' changes without holding them (the directory's indexer). */
export interface RoomWatcher {
	/** After a commit changed the doc. Runs on the path of an ack: cheap, and never throws. */
	committed(roomId: string, doc: Y.Doc): void;
	/** Just before the doc is destroyed; `intact` is false when it may be damaged. */
	unloading(roomId: string, doc: Y.Doc, intact: boolean): void;
}

export class Rooms {
	private readonly loaded = new Map<string, Room>();
	/** Rooms being read from storage, so that two first connections share one load. */
	private readonly loading = new Map<string, Promise<Room>>();
	private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
	private readonly watchers: RoomWatcher[] = [];
	/** One fold at a time across every loaded room. */
	private readonly compactionTurns = new CompactionTurns();
	/** What each loaded room hears from the other relay instances through `fanout`. */
	private readonly receivers = new Map<Room, RoomReceiver>();

	constructor(
		private readonly storage: Storage,
		private readonly idleMs: number,
		private readonly log: Logger,
		private readonly maxDocBytes: number,
		private readonly metrics?: RelayMetrics,
		/** Each room's policy; the rooms' client bindings in `storage` unless told otherwise. */
		private readonly policies?: PolicyFactory,
		private readonly compactAfterRows?: number,
		/** The other instances serving the same boards (fanout/); none by default. */
		private readonly fanout: Fanout = SINGLE_INSTANCE
	) {}

	watch(watcher: RoomWatcher): void {
		this.watchers.push(watcher);
	}

	/** The board's room if it is loaded now; unlike `open`, neither loads it nor keeps it loaded. */
	loadedRoom(roomId: string): Room | undefined {
		return this.loaded.get(roomId);
	}

	get size(): number {
		return this.loaded.size;
	}

	/**
	 * The board's room, loaded from storage unless it is loaded already; concurrent calls share
	 * one load. Keeps it loaded until `released`.
	 */
	async open(roomId: string): Promise<Room> {
		for (;;) {
			const room = this.loaded.get(roomId) ?? (await this.loadOnce(roomId));
			// Unloaded while this caller waited (the relay closing): load it again.
			if (this.loaded.get(roomId) !== room) continue;
			this.cancelIdle(room);
			return room;
		}
	}

	private loadOnce(roomId: string): Promise<Room> {
		let loading = this.loading.get(roomId);
		if (loading === undefined) {
			loading = this.load(roomId);
			this.loading.set(roomId, loading);
			const done = () => this.loading.delete(roomId);
			loading.then(done, done);
		}
		return loading;
	}

	private async load(roomId: string): Promise<Room> {
		// Heard before the log is read, so that nothing committed elsewhere falls in between; what
		// arrives during the load waits for it (a row the load read too is skipped by its seq).
		let room: Room | undefined;
		const early: RoomMessage[] = [];
		let resyncEarly = false;
		const receiver: RoomReceiver = {
			received: (message) => (room ? room.receiveRemote(message) : early.push(message)),
			resync: () => (room ? void room.resync() : (resyncEarly = true))
		};
		const channel = await this.fanout.join(roomId, receiver);
		try {
			room = await Room.load(
				roomId,
				this.storage,
				this.log,
				this.maxDocBytes,
				this.metrics,
				this.policies,
				{ afterRows: this.compactAfterRows, turns: this.compactionTurns },
				channel
			);
		} catch (error) {
			this.fanout.leave(roomId, receiver);
			throw error;
		}
		for (const message of early) room.receiveRemote(message);
		if (resyncEarly) void room.resync();
		this.receivers.set(room, receiver);
		this.loaded.set(roomId, room);
		room.onCommitted(() => {
			// A commit that lands after its room was unloaded: the unloading already told them.
			if (this.loaded.get(roomId) !== room) return;
			for (const watcher of this.watchers) {
				try {
					watcher.committed(roomId, room.doc);
				} catch (error) {
					// Never the commit's failure: the update is stored, its ack must go.
					this.log.error({ room: roomId, err: error }, 'a room watcher failed');
				}
			}
		});
		this.log.debug({ room: roomId }, 'room loaded');
		return room;
	}

	/** Call after a peer left: starts the idle countdown when the room is empty. */
	released(room: Room): void {
		if (room.peers.size > 0 || this.loaded.get(room.id) !== room || this.idleTimers.has(room)) {
			return;
		}
		const timer = setTimeout(() => {
			this.idleTimers.delete(room);
			if (room.peers.size === 0) void this.unload(room, true);
		}, this.idleMs);
		timer.unref();
		this.idleTimers.set(room, timer);
	}

	/**
	 * `compact` is false when the in-memory doc may be damaged and must not overwrite storage.
	 * Resolves when the compaction is committed.
	 */
	async unload(room: Room, compact: boolean): Promise<void> {
		if (this.loaded.get(room.id) !== room) return;
		this.cancelIdle(room);
		this.loaded.delete(room.id);
		const receiver = this.receivers.get(room);
		this.receivers.delete(room);
		if (receiver !== undefined) this.fanout.leave(room.id, receiver);
		const compacted = compact ? room.compact() : Promise.resolve();
		for (const watcher of this.watchers) {
			try {
				watcher.unloading(room.id, room.doc, compact);
			} catch (error) {
				this.log.error({ room: room.id, err: error }, 'a room watcher failed on unload');
			}
		}
		room.destroy();
		this.log.debug({ room: room.id }, 'room unloaded');
		try {
			await compacted;
		} catch (error) {
			this.log.error({ room: room.id, err: error }, 'compaction on unload failed');
		}
	}

	async unloadAll(): Promise<void> {
		await Promise.all([...this.loaded.values()].map((room) => this.unload(room, true)));
	}

	private cancelIdle(room: Room): void {
		const timer = this.idleTimers.get(room);
		if (timer === undefined) return;
		clearTimeout(timer);
		this.idleTimers.delete(room);
	}
}
