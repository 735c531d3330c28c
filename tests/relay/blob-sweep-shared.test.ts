/**
 * With several instances, a board's copy on one of them may lack rows another committed (an
 * announcement lost while Redis was away): the photo sweep must not delete from such a copy
 * (sync-server/blobs/sweep.ts). A timed sweep reads the log up to date first and skips when it
 * cannot; a room unloading, which cannot read any more, only marks. Real SQLite storage and
 * blob store; the room is a stand-in whose copy names nothing and says whether it is up to date.
 */
import pino from 'pino';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BoardQueue } from '../../sync-server/blobs/board-queue';
import { BlobStore } from '../../sync-server/blobs/store';
import { BlobSweeper, sweepBoard } from '../../sync-server/blobs/sweep';
import type { Room } from '../../sync-server/room';
import type { Rooms } from '../../sync-server/rooms';
import { openStorage, type Storage } from '../../sync-server/storage';
import { cleanUpRelays, tempDir } from './relay-process';

const BOARD = 'board-shared-sweep';
const HASH = 'a'.repeat(64);
const CONFIG = { sweepAfterMs: 10, unnamedGraceMs: 0 };
let storage: Storage | undefined;

afterEach(async () => {
	await storage?.close();
	storage = undefined;
});
afterAll(() => cleanUpRelays());

/** A photo a sweep already saw named: the next sweep that finds no record naming it deletes it. */
async function markedPhoto(): Promise<BlobStore> {
	storage = openStorage(tempDir('shared-sweep'));
	const store = new BlobStore(storage.sql);
	await store.put({
		boardId: BOARD,
		hash: HASH,
		type: 'image/webp',
		data: Buffer.from('RIFF....WEBP'),
		memberId: 'host',
		at: Date.now() - 1000
	});
	await sweepBoard(store, BOARD, new Set([HASH]), CONFIG, Date.now());
	expect(await store.list(BOARD)).toMatchObject([{ hash: HASH, named: true }]);
	return store;
}

/** A loaded room whose copy names no photo; `upToDate` answers as told. */
function laggingRoom(upToDate: () => Promise<boolean>): { rooms: Rooms; room: Room } {
	const room = { destroyed: false, doc: new Y.Doc(), upToDate } as unknown as Room;
	const rooms = { loadedRoom: () => room } as unknown as Rooms;
	return { rooms, room };
}

function sweeper(store: BlobStore, rooms: Rooms, shared: boolean): BlobSweeper {
	return new BlobSweeper(store, new BoardQueue(), rooms, CONFIG, pino({ level: 'silent' }), shared);
}

describe('the photo sweep with several instances', () => {
	it('deletes nothing while the copy cannot be read up to date, then deletes once it is', async () => {
		const store = await markedPhoto();
		let readable = false;
		let reads = 0;
		const { rooms } = laggingRoom(() => {
			reads++;
			return Promise.resolve(readable);
		});
		const sweeps = sweeper(store, rooms, true);
		sweeps.committed(BOARD);
		await expect.poll(() => reads).toBe(1);
		await sweeps.close();
		expect(await store.has(BOARD, HASH)).toBe(true);

		readable = true;
		const again = sweeper(store, rooms, true);
		again.committed(BOARD);
		await expect.poll(() => store.has(BOARD, HASH)).toBe(false);
		await again.close();
	});

	it('only marks when a shared room unloads, and deletes when the relay is alone', async () => {
		const store = await markedPhoto();
		const { rooms, room } = laggingRoom(() => Promise.resolve(true));
		const shared = sweeper(store, rooms, true);
		shared.committed(BOARD);
		shared.unloading(BOARD, room.doc, true);
		await shared.close();
		expect(await store.has(BOARD, HASH)).toBe(true);

		const alone = sweeper(store, rooms, false);
		alone.committed(BOARD);
		alone.unloading(BOARD, room.doc, true);
		await alone.close();
		expect(await store.has(BOARD, HASH)).toBe(false);
	});
});
