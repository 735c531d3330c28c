/**
 * Decides, without touching the document, whether an incoming update would change it. Clients
 * resend their whole delete set in every sync-step-2 reply (STACK-NOTES), so without this check
 * each reconnect would append a useless row.
 */
import * as Y from 'yjs';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type DeleteItems = NonNullable<ReturnType<DecodedUpdate['ds']['clients']['get']>>;

/** Reads every struct and the delete set; throws on anything malformed. */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
	return Y.decodeUpdate(update);
}

/**
 * True only when every struct is already below the document's state vector and every deleted
 * range is already deleted there. When unsure it answers false, which merely stores a row.
 */
export function changesNothing(doc: Y.Doc, decoded: DecodedUpdate): boolean {
	for (const struct of decoded.structs) {
		if (struct instanceof Y.Skip) continue;
		const { client, clock } = struct.id;
		if (clock + struct.length > Y.getState(doc.store, client)) return false;
	}
	if (decoded.ds.clients.size === 0) return true;
	const known = Y.createDeleteSetFromStructStore(doc.store);
	for (const [client, ranges] of decoded.ds.clients) {
		const deleted = known.clients.get(client);
		if (deleted === undefined) return false;
		for (const range of ranges) {
			if (!covers(deleted, range.clock, range.len)) return false;
		}
	}
	return true;
}

/** `deleted` is sorted and merged, so a fully deleted range lies inside a single item. */
function covers(deleted: DeleteItems, clock: number, len: number): boolean {
	let lo = 0;
	let hi = deleted.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		const item = deleted[mid];
		if (item === undefined) return false;
		if (clock < item.clock) hi = mid - 1;
		else if (clock >= item.clock + item.len) lo = mid + 1;
		else return clock + len <= item.clock + item.len;
	}
	return false;
}
