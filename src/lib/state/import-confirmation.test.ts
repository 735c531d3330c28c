/**
 * The rebuild of an imported board at its first sync, on this device's real storage (Dexie and
 * y-indexeddb over fake-indexeddb): stored in place of the imported copy, the mark cleared only
 * after, nothing lost when storing fails, and harmless to redo.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openDb, type QuartierDb, type StoredBoard } from '$lib/persistence/db';
import * as boardDoc from '$lib/persistence/board-doc';
import type { BoardSession } from './board/session.svelte';
import { until } from './board/test-phones';
import { ImportConfirmations } from './import-confirmation';

const failNextReplace = vi.hoisted(() => ({ on: false }));
vi.mock('$lib/persistence/board-doc', async (original) => {
	const real = await original<typeof import('$lib/persistence/board-doc')>();
	return {
		...real,
		replaceBoardState: async (boardId: string, update: Uint8Array) => {
			if (failNextReplace.on) {
				failNextReplace.on = false;
				throw new DOMException('disk full', 'QuotaExceededError');
			}
			return real.replaceBoardState(boardId, update);
		}
	};
});

const ME = 'amelie';
const HOST = 'helene';
let run = 0;
const dbs: QuartierDb[] = [];

afterEach(() => {
	for (const db of dbs.splice(0)) db.close();
});

/** The relay's board, and the file: the same plus my offline post and a forged confirmation. */
function boards(): { relay: Uint8Array; file: Uint8Array } {
	const host = new Y.Doc();
	host.getMap('slots').set(`${HOST}:s1`, { seats: 2 });
	const mine = new Y.Doc();
	Y.applyUpdate(mine, Y.encodeStateAsUpdate(host));
	mine.getMap('bookings').set(`${ME}:b1`, { slot: `${HOST}:s1` });
	const relay = Y.encodeStateAsUpdate(mine);
	mine.getMap('posts').set(`${ME}:p1`, { title: 'Perceuse' });
	const forger = new Y.Doc();
	Y.applyUpdate(forger, Y.encodeStateAsUpdate(mine));
	forger.getMap('rosters').set(`${HOST}:r1`, { entries: { [`${ME}:b1`]: 'confirmed' } });
	return { relay, file: Y.encodeStateAsUpdate(forger) };
}

async function importedDevice(file: Uint8Array) {
	const db = openDb(`import-confirmation-${++run}`);
	dbs.push(db);
	const board: StoredBoard = {
		id: `board${run}`,
		secret: 's',
		name: 'Lilas',
		city: 'Metz',
		joinedAt: 1,
		unconfirmed: { importedAt: 2 }
	};
	await boardDoc.writeBoardState(board.id, file);
	await db.boards.put(board);
	const reopened: StoredBoard[] = [];
	const errors: unknown[] = [];
	const confirmations = new ImportConfirmations({
		db,
		reopen: (_closed, stored) => reopened.push(stored),
		reportError: (error) => errors.push(error)
	});
	return { db, board, reopened, errors, confirmations };
}

/** What the app's session offers the rebuild: the imported doc as it is now, and closing it. */
function sessionOf(board: StoredBoard, state: Uint8Array) {
	const session = {
		id: board.id,
		memberId: ME,
		closed: false,
		loaded: true,
		exportState: () => state,
		destroy: async () => {
			session.closed = true;
			session.loaded = false;
		}
	};
	return session;
}

async function storedContent(boardId: string) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await boardDoc.readBoardState(boardId));
	const roots = ['slots', 'bookings', 'rosters', 'posts'] as const;
	return Object.fromEntries(roots.map((root) => [root, doc.getMap(root).toJSON()]));
}

describe('ImportConfirmations', () => {
	it('stores the trusted board in place of the file, then clears the mark and reopens', async () => {
		const { relay, file } = boards();
		const device = await importedDevice(file);
		const session = sessionOf(device.board, file);
		device.confirmations.confirm(session as unknown as BoardSession, relay);
		await until(() => device.reopened.length === 1, 'board reopened');
		expect(session.closed).toBe(true);
		expect(device.reopened[0]!.unconfirmed).toBeUndefined();
		expect((await device.db.boards.get(device.board.id))!.unconfirmed).toBeUndefined();
		const content = await storedContent(device.board.id);
		expect(content.rosters).toEqual({});
		expect(content.posts).toEqual({ [`${ME}:p1`]: { title: 'Perceuse' } });
		expect(content.bookings).toEqual({ [`${ME}:b1`]: { slot: `${HOST}:s1` } });
		expect(device.errors).toEqual([]);
	});

	it('leaves the board marked when it was closed before the rebuild could start', async () => {
		const { relay, file } = boards();
		const device = await importedDevice(file);
		const before = await storedContent(device.board.id);
		const session = sessionOf(device.board, file);
		device.confirmations.confirm(session as unknown as BoardSession, relay);
		// Closed at once, while the rebuild's code is still loading.
		await session.destroy();
		session.closed = false;
		await new Promise((r) => setTimeout(r, 200));
		expect(session.closed).toBe(false);
		expect(device.reopened).toEqual([]);
		expect((await device.db.boards.get(device.board.id))!.unconfirmed).toEqual({ importedAt: 2 });
		expect(await storedContent(device.board.id)).toEqual(before);
		expect(device.errors).toEqual([]);
	});

	it('keeps the imported copy and its mark when storing fails, and does not retry in this run', async () => {
		const { relay, file } = boards();
		const device = await importedDevice(file);
		const before = await storedContent(device.board.id);
		failNextReplace.on = true;
		const session = sessionOf(device.board, file);
		device.confirmations.confirm(session as unknown as BoardSession, relay);
		await until(() => device.errors.length === 1, 'error reported');
		expect((device.errors[0] as DOMException).name).toBe('QuotaExceededError');
		// Shown again as it was: still marked, content untouched.
		expect(device.reopened.map((b) => b.unconfirmed)).toEqual([{ importedAt: 2 }]);
		expect((await device.db.boards.get(device.board.id))!.unconfirmed).toEqual({ importedAt: 2 });
		expect(await storedContent(device.board.id)).toEqual(before);

		const again = sessionOf(device.board, file);
		device.confirmations.confirm(again as unknown as BoardSession, relay);
		await new Promise((r) => setTimeout(r, 50));
		expect(again.closed).toBe(false);
		expect(device.reopened).toHaveLength(1);
	});

	it('is harmless to redo after a crash between storing and clearing the mark', async () => {
		const { relay, file } = boards();
		const device = await importedDevice(file);
		device.confirmations.confirm(sessionOf(device.board, file) as unknown as BoardSession, relay);
		await until(() => device.reopened.length === 1, 'first rebuild');
		const once = await storedContent(device.board.id);
		// The crash: the trusted board is stored, the mark is still there, the app starts again.
		await device.db.boards.update(device.board.id, { unconfirmed: { importedAt: 2 } });
		const stored = await boardDoc.readBoardState(device.board.id);
		const restarted = new ImportConfirmations({
			db: device.db,
			reopen: (_closed, board) => device.reopened.push(board),
			reportError: (error) => device.errors.push(error)
		});
		restarted.confirm(sessionOf(device.board, stored) as unknown as BoardSession, relay);
		await until(() => device.reopened.length === 2, 'second rebuild');
		expect(await storedContent(device.board.id)).toEqual(once);
		expect(device.reopened[1]!.unconfirmed).toBeUndefined();
		expect(device.errors).toEqual([]);
	});
});
