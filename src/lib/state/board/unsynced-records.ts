/**
 * Which of my cowork records the relay has not acknowledged yet, for "pas encore synchronisée"
 * on a booking or a decision. Two sources: the pending rows in Dexie (kept across reloads), and
 * the ranges of local transactions whose row is still being written.
 */
import type { PendingChange } from '$lib/persistence/db';
import * as pendingStore from '$lib/persistence/pending-store';
import { rangeOfRow, unsyncedKeys, type ClockRange } from './cowork-unsynced';
import type { BoardScope } from './scope';

/** A local transaction not yet seen in the pending rows (the row is written asynchronously). */
interface LocalRange extends ClockRange {
	/** Number of the completed write that stored its row, once stored. */
	stored: number | null;
}

export class UnsyncedRecords {
	private rows: readonly PendingChange[] = [];
	private local: LocalRange[] = [];
	private storedWrites = 0;
	private stopWatch: () => void = () => {};

	constructor(
		private readonly scope: BoardScope,
		/** The set may have changed: re-publish it. */
		private readonly changed: () => void
	) {}

	start(): void {
		this.stopWatch = pendingStore.watchPendingRows(
			this.scope.db,
			this.scope.boardId,
			() => this.storedWrites,
			(rows, seen) => {
				this.rows = rows;
				// Rows written before this query started are in `rows` now (or already acknowledged).
				this.local = this.local.filter((r) => r.stored === null || r.stored > seen);
				this.changed();
			},
			this.scope.reportError
		);
	}

	stop(): void {
		this.stopWatch();
	}

	/**
	 * A local transaction wrote `[from, to)` for `clientId`; `write` stores its pending row. Until
	 * a pending-rows query sees that row, the range is kept here, so a new booking never shows as
	 * synced for the instant between the edit and the row.
	 */
	noteLocal(clientId: number, from: number, to: number, write: Promise<unknown>): void {
		const range: LocalRange = { clientId, from, to, stored: null };
		this.local.push(range);
		this.changed();
		// A failed write is reported by the session; the range then stays unsynced, which it is.
		write.then(
			() => (range.stored = ++this.storedWrites),
			() => {}
		);
	}

	/** Keys of my cowork records in a range the relay has not acknowledged. */
	keys(): Set<string> {
		const ranges = [...this.rows.map(rangeOfRow), ...this.local];
		return unsyncedKeys(this.scope.doc, this.scope.me, ranges);
	}
}
