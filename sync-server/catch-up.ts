/**
 * What the relay's sync step 2 carries: the board as its doc has integrated it, without the updates
 * that wait there for a missing dependency (Yjs's pending structs and deletions). Those are a
 * reconnecting member's live edits, sent before her catch-up with the offline edits they follow.
 * The receiver could not integrate them either; it would keep them and echo them in its own sync
 * step 2, where they are structs of another member's client beyond what the board holds: refused
 * (foreign-client), though honest. They reach everyone once integrated, with the update that
 * completes them. Compaction, unlike this, keeps them: they are stored and must stay so.
 */
import * as Y from 'yjs';

export function integratedStateAsUpdate(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const store = doc.store;
	const { pendingStructs, pendingDs } = store;
	// Y.encodeStateAsUpdate always appends the pending parts; there is no option to leave them out.
	store.pendingStructs = null;
	store.pendingDs = null;
	try {
		return Y.encodeStateAsUpdate(doc, stateVector);
	} finally {
		store.pendingStructs = pendingStructs;
		store.pendingDs = pendingDs;
	}
}
