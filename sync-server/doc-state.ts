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
