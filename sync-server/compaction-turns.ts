/**
 * Compactions take turns, relay-wide: one room's log is folded, queued and committed before the
 * next room's fold starts. Rooms written at the same pace cross their row threshold together;
 * folded at once, they re-encoded every document in one turn of the event loop and put every
 * replacement into the same commit, which every acknowledgement in it waited for (issue 15: the
 * 84–141 ms p99 right after R1, when its 100 rooms all reached 200 rows). Taking turns keeps a
 * commit to at most one fold beside the appends, and the main thread to one encoding between
 * frames.
 */
/** When a loaded room folds its log, and the turns it takes with the relay's other rooms. */
export interface CompactionSettings {
	/** Folds once the room holds more rows than this. */
	afterRows?: number;
	turns?: CompactionTurns;
}

export class CompactionTurns {
	private last: Promise<void> = Promise.resolve();

	/**
	 * Runs `fold` once the folds queued before it are committed (or failed), after the frames
	 * already waiting on the event loop. Resolves or rejects as `fold` does.
	 */
	take(fold: () => Promise<void>): Promise<void> {
		const turn = this.last.then(afterPendingFrames).then(fold);
		this.last = turn.catch(() => {});
		return turn;
	}
}

/** setImmediate: the sender's ack and the forwards of the commit that triggered it go first. */
function afterPendingFrames(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
