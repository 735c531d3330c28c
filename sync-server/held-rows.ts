/**
 * The stored rows a room's doc holds, by seq, with their sizes (log-size.ts counts them). A fold
 * replaces exactly these and never a row the doc has not applied: one another relay instance
 * committed and has not announced yet, or a write of a previous copy of the room still committing
 * when this one loaded. (Sequence numbers do not tell: in PostgreSQL a row may commit after a row
 * with a higher seq, so "every seq up to the highest loaded" could erase a row nobody applied.)
 */
import { LogSize } from './log-size';

export interface Fold {
	/** The rows the fold replaces, with their sizes. */
	rows: [seq: number, bytes: number][];
	rowsBefore: number;
}

export class HeldRows {
	private readonly rows = new Map<number, number>();
	readonly size: LogSize;

	constructor(compactAfterRows: number) {
		this.size = new LogSize(compactAfterRows);
	}

	loaded(seqs: readonly number[], sizes: readonly number[]): void {
		seqs.forEach((seq, i) => this.rows.set(seq, sizes[i]!));
		this.size.loaded(sizes);
	}

	holds(seq: number): boolean {
		return this.rows.has(seq);
	}

	/** A row this copy committed, or another instance did; false when it was held already. */
	add(seq: number, bytes: number): boolean {
		if (this.rows.has(seq)) return false;
		this.rows.set(seq, bytes);
		this.size.appended(bytes);
		return true;
	}

	/** A fold takes the doc as it is now, so every row held now. */
	startFold(): Fold {
		const rows = [...this.rows];
		this.rows.clear();
		return { rows, rowsBefore: this.size.foldStarted() };
	}

	foldCommitted(seq: number, bytes: number): void {
		this.rows.set(seq, bytes);
		this.size.foldCommitted(bytes);
	}

	foldAbandoned(fold: Fold): void {
		for (const [seq, bytes] of fold.rows) this.rows.set(seq, bytes);
		this.size.foldAbandoned(fold.rowsBefore);
	}

	/**
	 * Another instance replaced `deleted` with one row. That row is not held here: this doc may lack
	 * something it holds, so only a fold of a copy that read it (a later load or resync) may erase it.
	 */
	foldedElsewhere(deleted: readonly number[], mergedBytes: number): void {
		const removed: number[] = [];
		for (const seq of deleted) {
			const bytes = this.rows.get(seq);
			if (bytes === undefined) continue;
			this.rows.delete(seq);
			removed.push(bytes);
		}
		this.size.foldedElsewhere(removed, mergedBytes);
	}
}
