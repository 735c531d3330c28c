/**
 * Folding a room's stored log into one row, so loading stays fast and deleted content can be
 * dropped. The merged row is taken from the doc at once and committed in order after the writes
 * already queued; those stay, and are folded next time. Exactly the rows the doc holds are
 * replaced (held-rows.ts), and on several relay instances one folds a room at a time (fanout/).
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { CompactionTurns } from './compaction-turns';
import { hasPending } from './doc-state';
import type { RoomChannel } from './fanout/fanout';
import type { HeldRows } from './held-rows';
import type { Storage } from './storage';

export class LogFolder {
	private queued = false;
	private stopped = false;

	constructor(
		private readonly roomId: string,
		private readonly doc: Y.Doc,
		private readonly rows: HeldRows,
		private readonly storage: Storage,
		private readonly channel: RoomChannel,
		private readonly turns: CompactionTurns,
		private readonly log: Logger
	) {}

	async fold(): Promise<void> {
		if (this.rows.size.rows <= 1) return;
		// A full-state encoding carries pending data too: only integrated state is ever persisted.
		if (hasPending(this.doc)) throw new Error('the document holds pending data');
		// Taken before anything is awaited: an unloading room's doc is destroyed right after.
		const merged = Y.encodeStateAsUpdate(this.doc);
		const fold = this.rows.startFold();
		const seqs = fold.rows.map(([seq]) => seq);
		let seq: number | null;
		try {
			seq = await this.channel.whileFolding(() =>
				this.storage.replaceUpdates(this.roomId, seqs, merged)
			);
		} catch (error) {
			this.rows.foldAbandoned(fold);
			throw error;
		}
		if (seq === null) {
			// Another instance is folding this room: it takes these rows, or the next fold does.
			this.rows.foldAbandoned(fold);
			return;
		}
		this.rows.foldCommitted(seq, merged.byteLength);
		this.channel.publish({ kind: 'fold', seq, deleted: seqs, bytes: merged.byteLength });
		this.log.debug(
			{ room: this.roomId, before: fold.rowsBefore, bytes: merged.byteLength },
			'compacted'
		);
	}

	/**
	 * In this room's turn among the relay's folds (compaction-turns.ts), after the current frame,
	 * so the sender's ack is not delayed by rewriting the whole doc.
	 */
	queue(): void {
		if (this.queued) return;
		this.queued = true;
		this.turns
			.take(() => {
				this.queued = false;
				return this.stopped ? Promise.resolve() : this.fold();
			})
			.catch((error: unknown) => {
				// The log keeps growing, which costs load time, not data; the next update retries.
				this.log.error({ room: this.roomId, err: error }, 'compaction failed');
			});
	}

	/** The room is unloading: a queued fold is skipped (the unload folds one last time itself). */
	stop(): void {
		this.stopped = true;
	}
}
