/**
 * "Pas encore synchronisée", honestly: a record is unsynced while the Yjs item holding its current
 * value lies in a clock range of this device's transactions that the relay has not acknowledged
 * (persistence/pending-store keeps those ranges across reloads).
 */
import type * as Y from 'yjs';
import { collection, ROOT } from '$lib/domain/board/schema';
import type { PendingChange } from '$lib/persistence/db';

/** Structs `clientId` wrote from clock `from` up to `to` (exclusive), not yet on the relay. */
export interface ClockRange {
	clientId: number;
	from: number;
	to: number;
}

const COWORK_ROOTS = [ROOT.spaces, ROOT.slots, ROOT.bookings, ROOT.rosters] as const;

export function rangeOfRow(row: PendingChange): ClockRange {
	// Rows from before `from` was recorded cover the whole client up to their clock.
	return { clientId: row.clientId, from: row.from ?? 0, to: row.clock };
}

/** Keys of `authorId`'s cowork records whose current item is in one of `ranges`. */
export function unsyncedKeys(
	doc: Y.Doc,
	authorId: string,
	ranges: readonly ClockRange[]
): Set<string> {
	const keys = new Set<string>();
	if (ranges.length === 0) return keys;
	const prefix = `${authorId}:`;
	for (const name of COWORK_ROOTS) {
		// `_map` holds each key's current item: the only way to learn which struct carries a value.
		for (const [key, item] of collection(doc, name)._map) {
			if (!key.startsWith(prefix) || item.deleted) continue;
			const { client, clock } = item.id;
			const end = clock + item.length;
			if (ranges.some((r) => r.clientId === client && clock < r.to && end > r.from)) keys.add(key);
		}
	}
	return keys;
}

export function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	if (a.size !== b.size) return false;
	for (const key of a) if (!b.has(key)) return false;
	return true;
}
