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
 * time), which also covers another instance whose copy of the board lags behind.
 *
 * When: a while after a board's commits (`sweepAfterMs`, at most one sweep per board in that
 * time), when its room unloads with a sweep due, and before an upload is refused for the quota.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { photosNamedBy } from '../../src/lib/domain/photos/named';
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

/** One sweep of one board, to run inside its task queue. Resolves with the photos deleted. */
export async function sweepBoard(
	store: BlobStore,
	boardId: string,
	named: ReadonlySet<string>,
	config: SweepConfig,
	now: number
): Promise<number> {
	const stored = await store.list(boardId);
	const toMark = stored.filter((blob) => named.has(blob.hash) && !blob.named);
	const toDelete = stored.filter(
		(blob) =>
			!named.has(blob.hash) && (blob.named || blob.uploadedAt <= now - config.unnamedGraceMs)
	);
	return store.sweep(boardId, toMark, toDelete);
}

export class BlobSweeper implements RoomWatcher {
	private readonly due = new Map<string, NodeJS.Timeout>();
	private readonly running = new Set<Promise<void>>();

	constructor(
		private readonly store: BlobStore,
		private readonly tasks: BoardTasks,
		private readonly rooms: Rooms,
		private readonly config: SweepConfig,
		private readonly log: Logger
	) {}

	/** On the path of an ack: only sets a timer. */
	committed(roomId: string): void {
		if (this.due.has(roomId)) return;
		const timer = setTimeout(() => {
			this.due.delete(roomId);
			const room = this.rooms.loadedRoom(roomId);
			if (room !== undefined) void this.sweep(roomId, () => photosNamedBy(room.doc));
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
		// Read now: the doc is destroyed once the room is gone.
		const named = photosNamedBy(doc);
		void this.sweep(roomId, () => named);
	}

	/** Drops the sweeps not started; waits for the running ones (before the storage closes). */
	async close(): Promise<void> {
		for (const timer of this.due.values()) clearTimeout(timer);
		this.due.clear();
		await Promise.all(this.running);
	}

	private sweep(boardId: string, named: () => ReadonlySet<string>): Promise<void> {
		const running = this.sweepNow(boardId, named);
		this.running.add(running);
		void running.then(() => this.running.delete(running));
		return running;
	}

	private async sweepNow(boardId: string, named: () => ReadonlySet<string>): Promise<void> {
		try {
			const removed = await this.tasks.run(boardId, () =>
				sweepBoard(this.store, boardId, named(), this.config, Date.now())
			);
			if (removed > 0) this.log.info({ room: boardId, removed }, 'photos no record names removed');
		} catch (error) {
			// Nothing is lost: the photos stay until the next sweep.
			this.log.warn({ room: boardId, err: error }, 'photo sweep failed');
		}
	}
}
