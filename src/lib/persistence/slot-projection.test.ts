import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Slot, SlotState, Space } from '$lib/domain/cowork/types';
import { memberId } from '$lib/domain/test-helpers';
import { forgetBoard } from './board-store';
import { openDb, type QuartierDb } from './db';
import {
	projectBoardSlots,
	searchSlots,
	watchSlotSearch,
	type CoworkSource,
	type SlotQuery
} from './slot-projection';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2030, 0, 10, 8);
const host = memberId('host');

let db: QuartierDb;
let n = 0;

beforeEach(() => {
	db = openDb(`slot-test-${++n}`);
});
afterEach(async () => {
	await db.delete();
});

function space(id: string, city: string, neighbourhood = '', extra: Partial<Space> = {}): Space {
	return {
		key: `${host}:${id}`,
		hostId: host,
		title: `Salon ${id}`,
		description: '',
		city,
		neighbourhood,
		seats: 4,
		amenities: ['wifi'],
		workMode: 'silent',
		houseRules: '',
		autoAccept: false,
		archived: false,
		privateSealed: null,
		addressVersion: 1,
		photos: [],
		listed: false,
		price: null,
		createdAt: 0,
		updatedAt: 0,
		...extra
	};
}

function slot(id: string, sp: Space, start: number, freeSeats = 2, extra: Partial<Slot> = {}) {
	const s: Slot = {
		key: `${host}:${id}`,
		hostId: host,
		spaceKey: sp.key,
		start,
		end: start + 4 * HOUR,
		seats: 3,
		deadline: start - HOUR,
		seriesId: null,
		cancelled: null,
		seatPriceCents: null,
		createdAt: 0,
		...extra
	};
	const state: SlotState = {
		slot: s,
		confirmedSeats: s.seats - freeSeats,
		freeSeats,
		bookings: new Map(),
		overCapacity: false,
		waiting: 0
	};
	return state;
}

function cowork(spaces: Space[], slots: SlotState[], now = NOW): CoworkSource {
	return {
		spaces: new Map(spaces.map((s) => [s.key, s])),
		slots: new Map(slots.map((s) => [s.slot.key, s])),
		now
	};
}

async function project(boardId: string, boardName: string, source: CoworkSource) {
	if (!(await db.boards.get(boardId))) {
		await db.boards.put({ id: boardId, secret: 's', name: boardName, city: '', joinedAt: 1 });
	}
	await projectBoardSlots(db, { boardId, boardName, cowork: source });
}

const anyQuery: SlotQuery = { city: '', from: null, to: null, minFreeSeats: 1 };
const keys = (rows: { key: string }[]) => rows.map((r) => r.key.slice(r.key.indexOf(':') + 1));

describe('slot search across boards', () => {
	it('finds upcoming slots by city or neighbourhood prefix, accents ignored, soonest first', async () => {
		const paris = space('p', 'Paris', 'Belleville');
		const metz = space('m', 'Metz', 'Sablon');
		const stDenis = space('d', 'Saint-Denis', 'Pleyel');
		await project(
			'a',
			'Lilas',
			cowork([paris, metz], [slot('p2', paris, NOW + 2 * DAY), slot('m1', metz, NOW + DAY)])
		);
		await project(
			'b',
			'Gare',
			cowork([stDenis], [slot('d1', stDenis, NOW + 3 * DAY), slot('p1', paris, NOW + DAY)])
		);
		// 'p1' points at a space of another board's doc: unknown here, so not indexed.
		expect(keys(await searchSlots(db, anyQuery, NOW))).toEqual(['m1', 'p2', 'd1']);
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'PAR' }, NOW))).toEqual(['p2']);
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'bellevil' }, NOW))).toEqual(['p2']);
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'saint den' }, NOW))).toEqual(['d1']);
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'saint paris' }, NOW))).toEqual([]);
		const [row] = await searchSlots(db, { ...anyQuery, city: 'metz' }, NOW);
		expect(row).toMatchObject({
			boardId: 'a',
			boardName: 'Lilas',
			spaceKey: metz.key,
			spaceTitle: 'Salon m',
			neighbourhood: 'Sablon',
			freeSeats: 2,
			amenities: ['wifi'],
			workMode: 'silent'
		});
	});

	it('accents in the index and in the query are both ignored', async () => {
		const e = space('e', 'Évry-Courcouronnes');
		await project('a', 'A', cowork([e], [slot('e1', e, NOW + DAY)]));
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'evry' }, NOW))).toEqual(['e1']);
		expect(keys(await searchSlots(db, { ...anyQuery, city: 'Évr' }, NOW))).toEqual(['e1']);
	});

	it('filters by dates, free seats, and leaves out cancelled, archived and past slots', async () => {
		const open = space('o', 'Lyon');
		const archived = space('x', 'Lyon', '', { archived: true });
		await project(
			'a',
			'A',
			cowork(
				[open, archived],
				[
					slot('past', open, NOW - 6 * HOUR),
					slot('now', open, NOW - HOUR),
					slot('d1', open, NOW + DAY, 1),
					slot('d2', open, NOW + 2 * DAY, 3),
					slot('full', open, NOW + 2 * DAY, 0),
					slot('off', open, NOW + DAY, 2, { cancelled: { reason: 'malade', at: NOW } }),
					slot('arch', archived, NOW + DAY)
				]
			)
		);
		// 'now' has started: too late to ask for a seat.
		expect(keys(await searchSlots(db, anyQuery, NOW))).toEqual(['d1', 'd2']);
		expect(keys(await searchSlots(db, { ...anyQuery, minFreeSeats: 2 }, NOW))).toEqual(['d2']);
		// A minimum of 0 still means a seat is free: the search is for booking one.
		expect(keys(await searchSlots(db, { ...anyQuery, minFreeSeats: 0 }, NOW))).toHaveLength(2);
		const day2 = { from: NOW + 2 * DAY - HOUR, to: NOW + 3 * DAY };
		expect(keys(await searchSlots(db, { ...anyQuery, ...day2 }, NOW))).toEqual(['d2']);
		expect(keys(await searchSlots(db, { ...anyQuery, to: NOW + 2 * DAY }, NOW))).toEqual(['d1']);
		// Rows projected earlier drop out of the results once requests close.
		expect(keys(await searchSlots(db, anyQuery, NOW + DAY - HOUR))).toEqual(['d2']);
		// Every slot not over when projected is kept, flagged; 'past' was over already.
		expect(await db.slotIndex.count()).toBe(6);
	});

	it('a rebuild replaces the board rows and leaves other boards alone', async () => {
		const a = space('a', 'Nancy');
		const b = space('b', 'Nancy');
		await project('A', 'A', cowork([a], [slot('a1', a, NOW + DAY), slot('a2', a, NOW + DAY)]));
		await project('B', 'B', cowork([b], [slot('b1', b, NOW + DAY)]));
		await project('A', 'A', cowork([a], [slot('a2', a, NOW + DAY, 1)]));
		expect(keys(await searchSlots(db, anyQuery, NOW)).sort()).toEqual(['a2', 'b1']);
		expect(await db.slotIndex.count()).toBe(2);
		expect((await db.slotIndex.get(['A', `${host}:a2`]))?.freeSeats).toBe(1);
	});

	it('watches: new rows arrive when a board is projected again', async () => {
		const a = space('a', 'Nancy');
		await project('A', 'A', cowork([a], []));
		const seen: string[][] = [];
		const stop = watchSlotSearch(
			db,
			anyQuery,
			(rows) => seen.push(keys(rows)),
			(e) => {
				throw e;
			}
		);
		await expect.poll(() => seen.length).toBe(1);
		await project('A', 'A', cowork([a], [slot('a1', a, Date.now() + DAY)], Date.now()));
		await expect.poll(() => seen.at(-1)).toEqual(['a1']);
		stop();
	});
});

describe('leaving a board', () => {
	it('forgets its slots, and a late rebuild does not bring them back', async () => {
		const a = space('a', 'Nancy');
		const source = cowork([a], [slot('a1', a, NOW + DAY)]);
		await project('A', 'A', source);
		await project('B', 'B', source);
		await forgetBoard(db, 'A');
		await projectBoardSlots(db, { boardId: 'A', boardName: 'A', cowork: source });
		expect((await db.slotIndex.toArray()).map((r) => r.boardId)).toEqual(['B']);
	});
});
