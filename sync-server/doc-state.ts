/** Small facts about a room's Y.Doc that room.ts needs. */
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';

/** Whether Yjs holds structs or deletions it could not integrate yet. */
export function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Same bytes as Y.encodeStateVector, from a map of client → clock. */
export function encodeStateVectorMap(sv: Map<number, number>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, sv.size);
	for (const [client, clock] of sv) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, clock);
	}
	return encoding.toUint8Array(encoder);
}

/**
 * The entries of `sv` for `clients` only, as a state vector. An ack names only the sender's own
 * client ids: a big board has thousands (the whole vector is 40 KB on the 26 MB bench board, and
 * went out after every update), while a phone only ever asks about its own writes.
 */
export function encodeStateVectorOf(
	sv: Map<number, number>,
	clients: Iterable<number>
): Uint8Array {
	const own = new Map<number, number>();
	for (const client of clients) {
		const clock = sv.get(client);
		if (clock !== undefined) own.set(client, clock);
	}
	return encodeStateVectorMap(own);
}
