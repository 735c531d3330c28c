/**
 * Rooms written at the same pace cross their compaction threshold together: their folds must
 * take turns (one replacement committing at a time, relay-wide), every one of them still happens,
 * and the folded boards load whole after a crash. A fold that fails leaves the next one its turn.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CompactionTurns } from '../../sync-server/compaction-turns';
import { Room } from '../../sync-server/room';
import type { Storage } from '../../sync-server/storage';
import { records, syncFrame, testMember, writeRecord } from './clients';
import { connect, heldDisk, loadRoom, silent } from './held-disk';

const ROOMS = ['room-a', 'room-b', 'room-c'];

describe('compactions take turns across rooms', () => {
	it('commits one fold at a time, folds every room, and loses nothing', async () => {
		const disk = heldDisk();
		let folding = 0;
		let mostAtOnce = 0;
		const folded: string[] = [];
		const storage: Storage = {
			...disk.storage,
			replaceUpdates: (roomId, seqs, merged) => {
				folding++;
				mostAtOnce = Math.max(mostAtOnce, folding);
				return disk.storage.replaceUpdates(roomId, seqs, merged).finally(() => {
					folding--;
					folded.push(roomId);
				});
			}
		};
		const turns = new CompactionTurns();
		const writers = await Promise.all(
			ROOMS.map(async (id) => {
				const room = await Room.load(id, storage, silent, 2 ** 30, undefined, undefined, {
					afterRows: 2,
					turns
				});
				const member = testMember();
				const doc = new Y.Doc();
				return { id, doc, member, socket: connect(room, member, doc.clientID) };
			})
		);
		// Each room crosses the threshold in the same commit as the others.
		for (let i = 0; i < 4; i++) {
			for (const { doc, member, socket } of writers) {
				const before = Y.encodeStateVector(doc);
				writeRecord(doc, member, `r${i}`, `texte ${i}`);
				socket.deliver(syncFrame(Y.encodeStateAsUpdate(doc, before)));
			}
		}
		for (let step = 0; step < 200 && folded.length < ROOMS.length; step++) {
			if (disk.held() > 0) await disk.commitNext();
			else await new Promise((resolve) => setImmediate(resolve));
		}
		await disk.commitAll();

		expect([...folded].sort()).toEqual([...ROOMS].sort());
		expect(mostAtOnce).toBe(1);
		await disk.crash();
		for (const { id, doc } of writers) {
			expect(records((await loadRoom(disk.storage, id)).doc)).toEqual(records(doc));
		}
	});

	it('gives the next fold its turn after one fails', async () => {
		const turns = new CompactionTurns();
		const failed = turns.take(() => Promise.reject(new Error('disk full')));
		let ran = false;
		const next = turns.take(async () => {
			ran = true;
		});
		await expect(failed).rejects.toThrow('disk full');
		await next;
		expect(ran).toBe(true);
	});
});
