import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, ROOT } from '$lib/domain/board/schema';
import { unsyncedKeys, type ClockRange } from './cowork-unsynced';

const ME = 'M'.repeat(22);
const OTHER = 'O'.repeat(22);

/** Writes one record in its own transaction and returns the clock range it took. */
function write(doc: Y.Doc, key: string, value: unknown): ClockRange {
	const from = Y.getState(doc.store, doc.clientID);
	collection(doc, ROOT.bookings).set(key, value);
	return { clientId: doc.clientID, from, to: Y.getState(doc.store, doc.clientID) };
}

describe('which of my records are not yet on the relay', () => {
	it('follows each record’s current item through acknowledgements and rewrites', () => {
		const doc = new Y.Doc();
		const first = write(doc, `${ME}:a`, { n: 1 });
		const second = write(doc, `${ME}:b`, { n: 1 });
		write(doc, `${OTHER}:c`, { n: 1 });
		expect(unsyncedKeys(doc, ME, [first, second])).toEqual(new Set([`${ME}:a`, `${ME}:b`]));
		// The relay acknowledged the first transaction only.
		expect(unsyncedKeys(doc, ME, [second])).toEqual(new Set([`${ME}:b`]));
		// Rewriting `a` makes it unsynced again, whatever happened to its older item.
		const again = write(doc, `${ME}:a`, { n: 2 });
		expect(unsyncedKeys(doc, ME, [again])).toEqual(new Set([`${ME}:a`]));
		expect(unsyncedKeys(doc, ME, [])).toEqual(new Set());
	});
});
