/**
 * What every part of one open board shares: its doc, who I am on it, where my edits come from and
 * where errors go. One object, handed to each feature and upkeep service at construction, instead
 * of a bag of getter closures per feature.
 */
import type * as Y from 'yjs';
import type { QuartierDb, StoredIdentity } from '$lib/persistence/db';

export class BoardScope {
	/** Set once the copy on this device has been read from IndexedDB (before: nothing writes). */
	loaded = false;
	destroyed = false;

	constructor(
		readonly doc: Y.Doc,
		readonly boardId: string,
		readonly db: QuartierDb,
		/** Origin of this device's own edits, so sync code can tell them from replays and remote updates. */
		readonly origin: symbol,
		/** My identity as last stored: linking or taking back a device replaces it. */
		public identity: StoredIdentity,
		/** Storage errors (quota, closed database) are shown to the user, never swallowed. */
		readonly reportError: (error: unknown) => void
	) {}

	get me(): string {
		return this.identity.memberId;
	}

	/** Background work whose failure must reach the user. */
	track(work: Promise<unknown>): void {
		work.catch(this.reportError);
	}

	/** True while writing on this board makes sense (loaded, not closed). */
	get active(): boolean {
		return this.loaded && !this.destroyed;
	}
}
