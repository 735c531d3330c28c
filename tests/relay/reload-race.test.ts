/**
 * A board unloaded (idle, or its doc damaged) while a write of it is still being committed, and
 * opened again at once: the new copy is read from a disk that lacks that write. Its compaction
 * must not erase rows it never read.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Rooms } from '../../sync-server/rooms';
import { records, syncFrame, testMember, writeRecord } from './clients';
import { connect, heldDisk, loadRoom, silent } from './held-disk';

describe('a room loaded again while the previous copy still commits', () => {
	it('keeps the write that was in flight: compaction erases only the rows it folded in', async () => {
		const disk = heldDisk();
		const rooms = new Rooms(disk.storage, 60_000, silent, 2 ** 30);
		const first = await rooms.open('room');
		const alice = testMember();
		const aliceDoc = new Y.Doc();
		const a = connect(first, alice, aliceDoc.clientID);
		await disk.commitAll();

		let edit: Uint8Array = new Uint8Array();
		aliceDoc.once('update', (update: Uint8Array) => (edit = update));
		writeRecord(aliceDoc, alice, 'in-flight', 'en cours d’écriture');
		a.deliver(syncFrame(edit));
		// The phone goes away with its write still committing; the room empties and is unloaded.
		a.connection.close(1000, 'gone');
		const unloaded = rooms.unload(first, true);
		// Someone opens the board at once: a new copy, read from the disk as it is.
		const second = await rooms.open('room');
		expect(second).not.toBe(first);
		const bob = testMember();
		const bobDoc = new Y.Doc();
		const b = connect(second, bob, bobDoc.clientID);
		await disk.commitAll();
		await unloaded;

		// Two rows of its own, so that it has something to fold.
		for (const id of ['later', 'later-again']) {
			const before = Y.encodeStateVector(bobDoc);
			writeRecord(bobDoc, bob, id, 'écrit ensuite');
			b.deliver(syncFrame(Y.encodeStateAsUpdate(bobDoc, before)));
		}
		await disk.commitAll();
		const compacted = second.compact();
		await disk.commitAll();
		await compacted;

		await disk.crash();
		expect(records((await loadRoom(disk.storage)).doc)).toEqual({
			...records(aliceDoc),
			...records(bobDoc)
		});
	});
});
