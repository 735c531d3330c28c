/**
 * Cross-board cowork lists ("Mes réservations", "Mes accueils"), gathered from every open board's
 * cowork snapshot. Pure functions over snapshots: the pages call them inside `$derived`.
 */
import { isLiveStatus } from '$lib/domain/cowork/booking-state';
import type { Booking, BookingState, Slot, SlotState, Space } from '$lib/domain/cowork/types';
import type { CoworkSnapshot } from './board/cowork-snapshot';

export interface BoardCowork {
	boardId: string;
	boardName: string;
	cowork: CoworkSnapshot;
}

export interface MyBooking {
	boardId: string;
	boardName: string;
	booking: Booking;
	/** Null when the slot is not on this device (not synced yet, or its host was removed). */
	slot: Slot | null;
	space: Space | null;
	/** The derived state; null when the slot is unknown. */
	state: BookingState | null;
	/** The request (or its cancellation) is still only on this device. */
	unsynced: boolean;
	/**
	 * The slot is not over yet and the booking still holds or waits for a seat: a declined,
	 * cancelled or expired request is not upcoming. Unknown slots count as upcoming: nothing
	 * says they are past.
	 */
	upcoming: boolean;
}

export function isActive(item: MyBooking): boolean {
	return item.state !== null && isLiveStatus(item.state.status);
}

/** My requests as a guest on every board: upcoming soonest first, then past ones newest first. */
export function myBookings(
	boards: readonly BoardCowork[],
	memberId: string,
	now: number
): MyBooking[] {
	const items: MyBooking[] = [];
	for (const { boardId, boardName, cowork } of boards) {
		for (const booking of cowork.bookings.values()) {
			if (booking.guestId !== memberId) continue;
			const slotState = cowork.slots.get(booking.slotKey);
			const slot = slotState?.slot ?? null;
			const state = slotState?.bookings.get(booking.key) ?? null;
			items.push({
				boardId,
				boardName,
				booking,
				slot,
				space: slot ? (cowork.spaces.get(slot.spaceKey) ?? null) : null,
				state,
				unsynced: cowork.unsynced.has(booking.key),
				upcoming: slot === null || (slot.end > now && (!state || isLiveStatus(state.status)))
			});
		}
	}
	const start = (i: MyBooking) => i.slot?.start ?? Number.MAX_SAFE_INTEGER;
	return items.sort((a, b) => {
		if (a.upcoming !== b.upcoming) return a.upcoming ? -1 : 1;
		const order = a.upcoming ? start(a) - start(b) : start(b) - start(a);
		return order || b.booking.createdAt - a.booking.createdAt;
	});
}

export interface HostedSlot {
	state: SlotState;
	/** Names of the guests whose requests wait for my answer (waitlisted too), in request order. */
	waitingNames: string[];
}

/**
 * A request waits for the host's answer whether it fits now or is waitlisted: the host may
 * confirm or decline either (booking-commands.ts `allowed`).
 */
const awaitsHost = (b: BookingState) => b.status === 'requested' || b.status === 'waitlisted';

export interface HostedSpace {
	boardId: string;
	boardName: string;
	space: Space;
	/** Upcoming, not cancelled: over capacity first, then with requests waiting, then by date. */
	slots: HostedSlot[];
	/** Requests waiting for my answer across those slots, waitlisted ones included. */
	waiting: number;
	/** Slots where two of my devices confirmed more seats than there are. */
	overCapacity: number;
}

function slotRank(s: HostedSlot): number {
	return s.state.overCapacity ? 0 : s.waitingNames.length > 0 ? 1 : 2;
}

function spaceRank(s: HostedSpace): number {
	if (s.space.archived) return 3;
	return s.overCapacity > 0 ? 0 : s.waiting > 0 ? 1 : 2;
}

/**
 * My spaces on every board, what needs me first: over-capacity warnings, then requests waiting
 * for an answer, then the rest by next slot; archived spaces last.
 */
export function myHosting(
	boards: readonly BoardCowork[],
	memberId: string,
	now: number,
	nameOf: (boardId: string, memberId: string) => string
): HostedSpace[] {
	const spaces: HostedSpace[] = [];
	for (const { boardId, boardName, cowork } of boards) {
		const bySpace = new Map<string, HostedSlot[]>();
		for (const state of cowork.slots.values()) {
			const { slot } = state;
			if (slot.hostId !== memberId || slot.end <= now || slot.cancelled) continue;
			const waitingNames = [...state.bookings.values()]
				.filter(awaitsHost)
				.map((b) => cowork.bookings.get(b.bookingKey))
				.filter((b) => b !== undefined)
				.sort((a, b) => a.createdAt - b.createdAt)
				.map((b) => nameOf(boardId, b.guestId) || 'Un membre');
			const list = bySpace.get(slot.spaceKey) ?? [];
			list.push({ state, waitingNames });
			bySpace.set(slot.spaceKey, list);
		}
		for (const space of cowork.spaces.values()) {
			if (space.hostId !== memberId) continue;
			const slots = (bySpace.get(space.key) ?? []).sort(
				(a, b) => slotRank(a) - slotRank(b) || a.state.slot.start - b.state.slot.start
			);
			spaces.push({
				boardId,
				boardName,
				space,
				slots,
				waiting: slots.reduce((n, s) => n + s.waitingNames.length, 0),
				overCapacity: slots.filter((s) => s.state.overCapacity).length
			});
		}
	}
	const next = (s: HostedSpace) => s.slots[0]?.state.slot.start ?? Number.MAX_SAFE_INTEGER;
	return spaces.sort(
		(a, b) =>
			spaceRank(a) - spaceRank(b) ||
			next(a) - next(b) ||
			a.space.title.localeCompare(b.space.title, 'fr')
	);
}
