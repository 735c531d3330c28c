/**
 * One task at a time per board, in arrival order; a failure does not stop the next. A board's
 * uploads and sweeps share one: a sweep never runs between an upload's quota check and its write.
 */
export class BoardQueue {
	private readonly tails = new Map<string, Promise<unknown>>();

	run<T>(boardId: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(boardId) ?? Promise.resolve();
		const result = previous.then(task, task);
		const tail = result.catch(() => {});
		this.tails.set(boardId, tail);
		void tail.then(() => {
			if (this.tails.get(boardId) === tail) this.tails.delete(boardId);
		});
		return result;
	}
}
