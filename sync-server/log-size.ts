/**
 * The size of a room's stored log, and when folding it into one row is worth its cost. A fold
 * re-encodes the whole document on the main thread and rewrites it on disk (Room.compact): on the
 * 26 MB bench board that is seconds of work, and it ran after every 200 updates of a few hundred
 * bytes each. Past `afterRows` rows a room now folds once the rows added since its last fold weigh
 * an eighth of the folded row, or number ten times `afterRows` (which bounds how many rows a load
 * applies one by one). A small board folds as before: a few updates outweigh it.
 */
const SHARE_OF_FOLDED = 8;
const MAX_ROWS_FACTOR = 10;

export class LogSize {
	/** Stored rows of the room. */
	rows = 0;
	/** Bytes of the stored rows: what the document size cap is measured against. */
	bytes = 0;
	/** Bytes of the row the last fold wrote (on load: the largest row, most likely the last fold). */
	private foldedBytes = 0;
	/** `bytes` when the fold under way took the document. */
	private bytesAtFold = 0;

	constructor(private readonly afterRows: number) {}

	loaded(rowSizes: readonly number[]): void {
		this.rows = rowSizes.length;
		this.bytes = rowSizes.reduce((sum, size) => sum + size, 0);
		this.foldedBytes = rowSizes.reduce((max, size) => Math.max(max, size), 0);
	}

	appended(size: number): void {
		this.rows++;
		this.bytes += size;
	}

	get foldDue(): boolean {
		if (this.rows <= this.afterRows) return false;
		const added = this.bytes - this.foldedBytes;
		return (
			added * SHARE_OF_FOLDED >= this.foldedBytes || this.rows > this.afterRows * MAX_ROWS_FACTOR
		);
	}

	/** A fold took the document as it is now: the rows so far become one; returns how many. */
	foldStarted(): number {
		const before = this.rows;
		this.rows = 1;
		this.bytesAtFold = this.bytes;
		return before;
	}

	/** The fold's row (`size` bytes) is committed; rows appended meanwhile stay beside it. */
	foldCommitted(size: number): void {
		this.bytes = size + (this.bytes - this.bytesAtFold);
		this.foldedBytes = size;
	}

	/** The fold did not happen (another instance was folding): the rows it took are back. */
	foldAbandoned(rowsBefore: number): void {
		this.rows += rowsBefore - 1;
	}

	/** Another instance folded rows of `removed` sizes (those this copy knew) into one row. */
	foldedElsewhere(removed: readonly number[], mergedSize: number): void {
		this.rows += 1 - removed.length;
		this.bytes += mergedSize - removed.reduce((sum, size) => sum + size, 0);
		this.foldedBytes = mergedSize;
	}
}
