/** How an update can fail on the relay (room.ts), so connections can say which. */
import type { RefusalReason } from './policy/room-policy';

/** The update would change another member's data, or is not a V1 update: nothing was stored. */
export class UpdateRefused extends Error {
	constructor(
		readonly reason: RefusalReason | 'doc-too-large',
		readonly detail: string
	) {
		super(`update refused: ${reason} (${detail})`);
	}
}
/** The update decoded but Yjs threw while applying it: its row was removed, the doc is suspect. */
export class UpdateFailed extends Error {}

/** Storage failed while committing a batch: the in-memory doc is ahead of the disk. */
export class StorageFailed extends Error {}
