/**
 * The board's "Cowork" tab: which slots to list under the filters (my spaces: cowork-lists.ts).
 * Pure functions over a snapshot: the page calls them inside `$derived`.
 */
import type { Amenity, SlotState, Space } from '$lib/domain/cowork/types';
import type { CoworkSnapshot } from './board/cowork-snapshot';

export interface SlotFilter {
	/** Local dates, `YYYY-MM-DD` as date inputs give them; '' = no bound. */
	from: string;
	to: string;
	/** '' = every neighbourhood. */
	neighbourhood: string;
	/** Every one of these must be offered. */
	amenities: readonly Amenity[];
	/** Free seats at least this many (0 or 1: any free seat). */
	minFree: number;
	/** Also list slots with no free seat left. */
	includeFull: boolean;
}

export const NO_FILTER: SlotFilter = {
	from: '',
	to: '',
	neighbourhood: '',
	amenities: [],
	minFree: 1,
	includeFull: false
};

export interface SlotListing {
	state: SlotState;
	space: Space;
}

/** Local midnight of a `YYYY-MM-DD` date, `days` days later; null for '' or a malformed date. */
export function localDay(date: string, days = 0): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) return null;
	const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime();
	return Number.isFinite(time) ? time : null;
}

const sameText = (a: string, b: string) =>
	a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;

/** Slots still open to requests (deadline ahead, not cancelled, space listed), soonest first. */
export function listSlots(snapshot: CoworkSnapshot, filter: SlotFilter): SlotListing[] {
	const from = localDay(filter.from);
	const to = localDay(filter.to, 1);
	const minFree = Math.max(1, filter.minFree);
	const list: SlotListing[] = [];
	for (const state of snapshot.slots.values()) {
		const { slot } = state;
		const space = snapshot.spaces.get(slot.spaceKey);
		if (!space || space.archived || slot.cancelled || slot.deadline <= snapshot.now) continue;
		if (from !== null && slot.start < from) continue;
		if (to !== null && slot.start >= to) continue;
		if (filter.neighbourhood && !sameText(space.neighbourhood, filter.neighbourhood)) continue;
		if (!filter.amenities.every((a) => space.amenities.includes(a))) continue;
		// Full slots come on top of the free-seat filter when asked for (to join a waiting list).
		if (state.freeSeats < minFree && !(filter.includeFull && state.freeSeats === 0)) continue;
		list.push({ state, space });
	}
	return list.sort((a, b) => a.state.slot.start - b.state.slot.start);
}

/** Neighbourhoods of the listed spaces, for the filter's choices. */
export function neighbourhoods(snapshot: CoworkSnapshot): string[] {
	const names = new Map<string, string>();
	for (const space of snapshot.spaces.values()) {
		const name = space.neighbourhood.trim();
		if (name && !space.archived) names.set(name.toLocaleLowerCase('fr'), name);
	}
	return [...names.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}
