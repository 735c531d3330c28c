/**
 * Photos nobody names any more leave the relay (issue 19): a host who removes a photo of their
 * living room expects it gone, and a board's quota counts only what its records show.
 *
 * A sweep of a board reads which photos its records name (domain/photos/named.ts) and then, in
 * the board's upload queue (so never between an upload's check and its write on this instance):
 * - a photo named now is marked as named;
 * - a photo a sweep saw named and that no record names now is deleted;
 * - a photo never seen named is deleted only after `unnamedGraceMs`: a phone uploads a photo
 *   before its record names it, and that record may still be on its way.
 * A photo uploaded again meanwhile is neither deleted nor marked (store.ts checks its upload
 * time). With several instances a copy of the board may lack rows another committed (a lost
 * announcement): a sweep reads the log again before it deletes (`room.upToDate()`), skips when
 * that read fails, and a room unloading, which cannot read any more, only marks.
 *
 * When: a while after a board's commits (`sweepAfterMs`, at most one sweep per board in that
 * time), when its room unloads with a sweep due, and before an upload is refused for the quota.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { photosNamedBy } from '../../src/lib/domain/photos/named';
import type { Room } from '../room';
import type { Rooms, RoomWatcher } from '../rooms';
import type { BlobStore } from './store';

export interface SweepConfig {
	sweepAfterMs: number;
	unnamedGraceMs: number;
}

/** Runs one board's tasks one at a time, in order (uploads and sweeps share it). */
export interface BoardTasks {
	run<T>(boardId: string, task: () => Promise<T>): Promise<T>;
}

/**
 * One sweep of one board, to run inside its task queue. Resolves with the photos deleted.
 * `deleting` false: only marks (`named` may come from a copy that lags behind).
 */
export async function sweepBoard(
	store: BlobStore,
	boardId: string,
	named: ReadonlySet<string>,
	config: SweepConfig,
	now: number,
	deleting = true
): Promise<number> {
	const stored = await store.list(boardId);
	const toMark = stored.filter((blob) => named.has(blob.hash) && !blob.named);
	const toDelete = !deleting
		? []
		: stored.filter(
				(blob) =>
					!named.has(blob.hash) && (blob.named || blob.uploadedAt <= now - config.unnamedGraceMs)
			);
	return store.sweep(boardId, toMark, toDelete);
}

/** What a board's records name, and whether a sweep may delete from it. */
interface Names {
	named: ReadonlySet<string>;
	deleting: boolean;
}

export class BlobSweeper implements RoomWatcher {
	private readonly due = new Map<string, NodeJS.Timeout>();
	private readonly running = new Set<Promise<void>>();

	constructor(
		private readonly store: BlobStore,
		private readonly tasks: BoardTasks,
		private readonly rooms: Rooms,
		private readonly config: SweepConfig,
		private readonly log: Logger,
		/** Several instances share the boards: a copy may lag behind the log. */
		private readonly shared: boolean
	) {}

	/** On the path of an ack: only sets a timer. */
	committed(roomId: string): void {
		if (this.due.has(roomId)) return;
		const timer = setTimeout(() => {
			this.due.delete(roomId);
			const room = this.rooms.loadedRoom(roomId);
			if (room !== undefined) void this.sweep(roomId, () => this.namedNow(roomId, room));
		}, this.config.sweepAfterMs);
		timer.unref();
		this.due.set(roomId, timer);
	}

	unloading(roomId: string, doc: Y.Doc, intact: boolean): void {
		const timer = this.due.get(roomId);
		if (timer === undefined) return;
		clearTimeout(timer);
		this.due.delete(roomId);
		// A doc that may be damaged may lack names: its photos wait for a sweep of a sound copy.
		if (!intact) return;
		// Read now: the doc is destroyed once the room is gone. Shared, it cannot be read up to
		// date any more: it only marks.
		const named = photosNamedBy(doc);
		void this.sweep(roomId, () => Promise.resolve({ named, deleting: !this.shared }));
	}

	/**
	 * What the loaded room names once its copy holds every committed row; null to skip (the room
	 * left memory, or the log could not be read: a lagging copy must not delete).
	 */
	private async namedNow(roomId: string, room: Room): Promise<Names | null> {
		if (room.destroyed || !(await room.upToDate())) return null;
		if (this.rooms.loadedRoom(roomId) !== room || room.destroyed) return null;
		return { named: photosNamedBy(room.doc), deleting: true };
	}

	/** Drops the sweeps not started; waits for the running ones (before the storage closes). */
	async close(): Promise<void> {
		for (const timer of this.due.values()) clearTimeout(timer);
		this.due.clear();
		await Promise.all(this.running);
	}

	private sweep(boardId: string, named: () => Promise<Names | null>): Promise<void> {
		const running = this.sweepNow(boardId, named);
		this.running.add(running);
		void running.then(() => this.running.delete(running));
		return running;
	}

	private async sweepNow(boardId: string, named: () => Promise<Names | null>): Promise<void> {
		try {
			// Read in the queue, after the uploads ahead of it.
			const removed = await this.tasks.run(boardId, async () => {
				const names = await named();
				if (names === null) return 0;
				return sweepBoard(
					this.store,
					boardId,
					names.named,
					this.config,
					Date.now(),
					names.deleting
				);
			});
			if (removed > 0) this.log.info({ room: boardId, removed }, 'photos no record names removed');
		} catch (error) {
			// Nothing is lost: the photos stay until the next sweep.
			this.log.warn({ room: boardId, err: error }, 'photo sweep failed');
		}
	}
}
