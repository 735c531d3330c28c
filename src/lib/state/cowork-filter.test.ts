import { describe, expect, it } from 'vitest';
import type { SlotState, Space } from '$lib/domain/cowork/types';
import { listSlots, localDay, NO_FILTER, neighbourhoods } from './cowork-filter';
import type { CoworkSnapshot } from './board/cowork-snapshot';

const HOST = 'H'.repeat(22);
const NOW = new Date(2030, 2, 4, 8, 0).getTime();

function space(id: string, extra: Partial<Space> = {}): Space {
	return {
		key: `${HOST}:${id}`,
		hostId: HOST,
		title: id,
		description: '',
		city: 'Metz',
		neighbourhood: 'Sablon',
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

function slot(id: string, spaceId: string, day: number, free: number): SlotState {
	const start = new Date(2030, 2, day, 9, 0).getTime();
	return {
		slot: {
			key: `${HOST}:${id}`,
			hostId: HOST,
			spaceKey: `${HOST}:${spaceId}`,
			start,
			end: start + 4 * 3600_000,
			seats: 4,
			deadline: start,
			seriesId: null,
			cancelled: null,
			seatPriceCents: null,
			createdAt: 0
		},
		confirmedSeats: 4 - free,
		freeSeats: free,
		bookings: new Map(),
		overCapacity: false,
		waiting: 0
	};
}

function snapshot(spaces: Space[], slots: SlotState[]): CoworkSnapshot {
	return {
		spaces: new Map(spaces.map((s) => [s.key, s])),
		slots: new Map(slots.map((s) => [s.slot.key, s])),
		bookings: new Map(),
		unsynced: new Set(),
		now: NOW
	};
}

const keys = (list: { state: SlotState }[]) => list.map((l) => l.state.slot.key.split(':')[1]);

describe('listing slots on the Cowork tab', () => {
	const snap = snapshot(
		[
			space('a'),
			space('b', { neighbourhood: 'Queuleu', amenities: ['wifi', 'printer'] }),
			space('old', { archived: true })
		],
		[
			slot('past', 'a', 3, 2),
			slot('later', 'a', 10, 1),
			slot('soon', 'b', 5, 3),
			slot('full', 'a', 6, 0),
			slot('archived', 'old', 6, 4)
		]
	);

	it('lists upcoming slots with free seats, soonest first; full ones on request', () => {
		expect(keys(listSlots(snap, NO_FILTER))).toEqual(['soon', 'later']);
		expect(keys(listSlots(snap, { ...NO_FILTER, includeFull: true }))).toEqual([
			'soon',
			'full',
			'later'
		]);
	});

	it('filters by dates (inclusive, local days), neighbourhood, amenities and free seats', () => {
		expect(keys(listSlots(snap, { ...NO_FILTER, from: '2030-03-05', to: '2030-03-05' }))).toEqual([
			'soon'
		]);
		expect(keys(listSlots(snap, { ...NO_FILTER, neighbourhood: 'sablon' }))).toEqual(['later']);
		expect(keys(listSlots(snap, { ...NO_FILTER, amenities: ['printer'] }))).toEqual(['soon']);
		expect(keys(listSlots(snap, { ...NO_FILTER, minFree: 2 }))).toEqual(['soon']);
	});

	it('offers the neighbourhoods of listed spaces', () => {
		expect(neighbourhoods(snap)).toEqual(['Queuleu', 'Sablon']);
		expect(localDay('nope')).toBeNull();
	});
});
