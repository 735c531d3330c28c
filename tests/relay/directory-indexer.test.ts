/**
 * The directory's indexer in-process, with fake timers and a recording index: one derivation per
 * burst of commits, at most five delays after the first; once more on unload unless the doc may
 * be damaged; nothing written when nothing changed; a doc that makes the derivation throw is
 * logged, never thrown.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../../src/lib/domain/board/board-id';
import { createBoard } from '../../src/lib/domain/board/commands';
import { newBoardSecret } from '../../src/lib/domain/board/invite';
import { setVisibility, type Visibility } from '../../src/lib/domain/directory/visibility';
import type { DirectoryIndex } from '../../sync-server/directory/directory-index';
import { fingerprintOf, type IndexRow } from '../../sync-server/directory/index-row';
import { GazetteerUnavailable } from '../../sync-server/directory/gazetteer-client';
import { DirectoryIndexer } from '../../sync-server/directory/indexer';
import type { Place } from '../../sync-server/directory/place';
import { testMember } from './members';

const DELAY = 1000;
const LUXEMBOURG: Place = {
	id: 2960316,
	name: 'Luxembourg',
	country: 'LU',
	lat: 49.61167,
	lon: 6.13,
	population: 76684
};

function recordingIndex() {
	const stored = new Map<string, string>();
	const calls: string[] = [];
	const rows: IndexRow[] = [];
	const index = {
		storedFingerprint: (room: string) => stored.get(room) ?? null,
		put: (row: IndexRow) => {
			calls.push(`put ${row.visibility}`);
			rows.push(row);
			stored.set(row.room, fingerprintOf(row));
			return Promise.resolve();
		},
		remove: (room: string) => {
			calls.push('remove');
			stored.delete(room);
			return Promise.resolve();
		},
		markDirty: () => {
			calls.push('dirty');
			return Promise.resolve();
		},
		clearDirty: () => {
			calls.push('clean');
			return Promise.resolve();
		},
		dirtyRooms: () => []
	};
	return { index: index as unknown as DirectoryIndex, calls, rows };
}

/** The gazetteer's worker is not what these tests are about: no board here has a place. */
const noPlaces = {
	byId: (): Promise<Place | null> => Promise.resolve(null),
	matchCity: (): Promise<Place | null> => Promise.resolve(null)
};

function board() {
	const admin = testMember();
	const { boardId, nonce } = newBoardIdentity(admin.memberId);
	const doc = new Y.Doc();
	createBoard(
		doc,
		admin.memberId,
		nonce,
		{ name: 'Tableau', city: 'Luxembourg', neighbourhood: '', description: '' },
		1
	);
	const secret = newBoardSecret();
	const set = (visibility: Visibility) =>
		setVisibility(
			doc,
			boardId,
			admin.memberId,
			{ visibility, questions: [], placeId: null },
			secret,
			Date.now()
		);
	return { boardId, doc, set };
}

describe('directory indexer', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());
	const log = pino({ level: 'silent' });

	it('derives once per burst, at most five delays after its first change', async () => {
		const { index, calls } = recordingIndex();
		const indexer = new DirectoryIndexer(index, noPlaces, DELAY, log);
		const b = board();
		b.set('listed');
		for (let i = 0; i < 3; i++) {
			indexer.committed(b.boardId, b.doc);
			await vi.advanceTimersByTimeAsync(DELAY / 2);
		}
		expect(calls).toEqual([]);
		await vi.advanceTimersByTimeAsync(DELAY);
		expect(calls).toEqual(['put listed']);
		// A board edited without pause: still re-indexed within five delays.
		calls.length = 0;
		b.set('open');
		for (let t = 0; t < 5 * DELAY; t += DELAY / 2) {
			indexer.committed(b.boardId, b.doc);
			await vi.advanceTimersByTimeAsync(DELAY / 2);
		}
		expect(calls).toEqual(['dirty', 'put open']);
		await indexer.close();
	});

	it('indexes on unload unless the doc may be damaged, and writes nothing that did not change', async () => {
		const { index, calls } = recordingIndex();
		const indexer = new DirectoryIndexer(index, noPlaces, DELAY, log);
		const b = board();
		b.set('listed');
		indexer.unloading(b.boardId, b.doc, true);
		await indexer.idle();
		expect(calls).toEqual(['put listed']);
		indexer.unloading(b.boardId, b.doc, true);
		await indexer.idle();
		expect(calls).toEqual(['put listed']);
		b.set('private');
		indexer.committed(b.boardId, b.doc);
		indexer.unloading(b.boardId, b.doc, false);
		await vi.advanceTimersByTimeAsync(10 * DELAY);
		expect(calls).toEqual(['put listed', 'dirty']);
		indexer.unloading(b.boardId, b.doc, true);
		await indexer.idle();
		expect(calls).toEqual(['put listed', 'dirty', 'remove']);
		await indexer.close();
	});

	it('logs a doc it cannot read, and goes on', async () => {
		const { index, calls } = recordingIndex();
		const errors: unknown[] = [];
		const indexer = new DirectoryIndexer(index, noPlaces, DELAY, {
			...log,
			error: (obj: unknown) => errors.push(obj)
		} as unknown as pino.Logger);
		const doc = new Y.Doc();
		// The board root under another type: reading it as a map throws inside the derivation.
		doc.getArray('board').push(['garbage']);
		indexer.committed('broken', doc);
		expect(() => indexer.unloading('broken', doc, true)).not.toThrow();
		await vi.advanceTimersByTimeAsync(10 * DELAY);
		expect(calls).toEqual([]);
		expect(errors.length).toBeGreaterThan(0);
		await indexer.close();
	});

	it('writes only the latest derivation once placed, the typed city alone when the gazetteer fails', async () => {
		const { index, calls, rows } = recordingIndex();
		const answers: ((place: Place | null) => void)[] = [];
		const slow = {
			byId: (): Promise<Place | null> => Promise.resolve(null),
			matchCity: () => new Promise<Place | null>((resolve) => answers.push(resolve))
		};
		const indexer = new DirectoryIndexer(index, slow, DELAY, log);
		const b = board();
		b.set('listed');
		indexer.committed(b.boardId, b.doc);
		await vi.advanceTimersByTimeAsync(DELAY);
		b.set('open');
		indexer.unloading(b.boardId, b.doc, true);
		expect(answers).toHaveLength(2);
		// The gazetteer answers the later derivation first: the earlier one must not overwrite it.
		answers[1]!(LUXEMBOURG);
		answers[0]!(null);
		await indexer.idle();
		expect(calls).toEqual(['put open']);
		expect(rows[0]?.place).toEqual(LUXEMBOURG);
		await indexer.close();

		const failed = recordingIndex();
		const warnings: unknown[] = [];
		const down = {
			byId: () => Promise.reject(new GazetteerUnavailable('down')),
			matchCity: () => Promise.reject(new GazetteerUnavailable('down'))
		};
		const quiet = { ...log, warn: (obj: unknown) => warnings.push(obj) } as unknown as pino.Logger;
		const unplaced = new DirectoryIndexer(failed.index, down, DELAY, quiet);
		unplaced.unloading(b.boardId, b.doc, true);
		await unplaced.idle();
		expect(failed.calls).toEqual(['put open']);
		expect(failed.rows[0]?.place).toBeNull();
		expect(warnings).toHaveLength(1);
		await unplaced.close();
	});
});
