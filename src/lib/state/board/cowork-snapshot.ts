/**
 * What a board session exposes of cowork to pages: derived states at `now`, replaced whole on
 * every change (and every minute, so requests expire on screen without a reload).
 */
import type { Booking, SlotState, Space } from '$lib/domain/cowork/types';

export interface CoworkSnapshot {
	spaces: ReadonlyMap<string, Space>;
	/** Every slot's derived state (bookings and free seats), by slot key. */
	slots: ReadonlyMap<string, SlotState>;
	/** Every guest request, by booking key. */
	bookings: ReadonlyMap<string, Booking>;
	/** Keys of my records (spaces, slots, bookings, rosters) the relay has not acknowledged yet. */
	unsynced: ReadonlySet<string>;
	/** The time the states were derived at. */
	now: number;
}

export const EMPTY_COWORK: CoworkSnapshot = {
	spaces: new Map(),
	slots: new Map(),
	bookings: new Map(),
	unsynced: new Set(),
	now: 0
};
