/**
 * A slot at a glance, as a calendar cell shows it: free seats, full (with its waitlist), cancelled
 * or over, and my own booking on it. The seat count is the derived state's `freeSeats`
 * (`countFreeSeats`, the very number the list's card shows), never counted again here.
 */
import { isLiveStatus } from './booking-state';
import type { Booking, BookingStatus, SlotState } from './types';

export type SlotGlance =
	| { kind: 'cancelled' }
	| { kind: 'ended' }
	| { kind: 'free'; free: number }
	| { kind: 'full'; waitlisted: number };

export function slotGlance(state: SlotState, now: number): SlotGlance {
	if (state.slot.cancelled) return { kind: 'cancelled' };
	if (now >= state.slot.end) return { kind: 'ended' };
	if (state.freeSeats > 0) return { kind: 'free', free: state.freeSeats };
	let waitlisted = 0;
	for (const b of state.bookings.values()) if (b.status === 'waitlisted') waitlisted++;
	return { kind: 'full', waitlisted };
}

/**
 * My booking's status on a slot: the one that still holds or waits for a seat, else my latest
 * (a declined or cancelled request stays visible on its day); null when I never asked.
 */
export function myStatusOn(
	state: SlotState,
	bookings: Iterable<Booking>,
	memberId: string
): BookingStatus | null {
	let latest: { at: number; status: BookingStatus } | null = null;
	for (const b of bookings) {
		if (b.guestId !== memberId || b.slotKey !== state.slot.key) continue;
		const status = state.bookings.get(b.key)?.status;
		if (!status) continue;
		if (isLiveStatus(status)) return status;
		if (!latest || b.createdAt > latest.at) latest = { at: b.createdAt, status };
	}
	return latest?.status ?? null;
}
