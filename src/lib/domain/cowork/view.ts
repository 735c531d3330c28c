/** Everything cowork on one board, read and derived at one moment: what views and tests use. */
import type * as Y from 'yjs';
import type { InvalidRecord } from '../board/types';
import { readCheckins } from '../checkin/read';
import { deriveSlotState, isLiveStatus } from './booking-state';
import { readBookings, readRosters, readSlots, readSpaces } from './read';
import type { Booking, Slot, SlotState, Space } from './types';

export interface CoworkView {
	spaces: Map<string, Space>;
	slots: Map<string, SlotState>;
	bookings: Map<string, Booking>;
}

/**
 * @param hiddenMembers removed members: their slots and unanswered requests are not shown
 * @param blockedBy each host's block list: requests from someone the host blocks never count
 */
export function readCowork(
	doc: Y.Doc,
	now: number,
	hiddenMembers: ReadonlySet<string> = new Set(),
	invalid: InvalidRecord[] = [],
	blockedBy: (memberId: string) => ReadonlySet<string> = () => NONE
): CoworkView {
	const spaces = readSpaces(doc, invalid);
	const slots = readSlots(doc, invalid);
	const bookings = readBookings(doc, invalid);
	const rosters = readRosters(doc, invalid);
	// A removed member's word at the door no longer counts, like their unanswered requests.
	const checkins = readCheckins(doc, hiddenMembers, invalid);
	const bySlot = new Map<string, Booking[]>();
	for (const b of bookings.values()) {
		const list = bySlot.get(b.slotKey) ?? [];
		list.push(b);
		bySlot.set(b.slotKey, list);
	}
	const states = new Map<string, SlotState>();
	for (const slot of slots.values()) {
		if (hiddenMembers.has(slot.hostId)) continue;
		states.set(
			slot.key,
			deriveSlotState(
				slot,
				bySlot.get(slot.key) ?? [],
				rosters.get(slot.key) ?? [],
				now,
				union(hiddenMembers, blockedBy(slot.hostId)),
				checkins
			)
		);
	}
	return { spaces, slots: states, bookings };
}

const NONE: ReadonlySet<string> = new Set();

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
	return b.size === 0 ? a : new Set([...a, ...b]);
}

/** Do two time ranges share any moment? (Touching ends do not overlap: 9–13 then 13–17.) */
export function overlaps(a: Pick<Slot, 'start' | 'end'>, b: Pick<Slot, 'start' | 'end'>): boolean {
	return a.start < b.end && b.start < a.end;
}

/** My active bookings on other slots that overlap `slot`: the UI warns before a new request. */
export function overlappingBookings(view: CoworkView, memberId: string, slot: Slot): Booking[] {
	return [...view.bookings.values()].filter((b) => {
		if (b.guestId !== memberId || b.slotKey === slot.key) return false;
		const other = view.slots.get(b.slotKey);
		const status = other?.bookings.get(b.key)?.status;
		return (
			other !== undefined &&
			status !== undefined &&
			isLiveStatus(status) &&
			overlaps(other.slot, slot)
		);
	});
}

/** My booking on a slot that still holds or waits for a seat, if any. */
export function activeBookingOn(
	view: CoworkView,
	memberId: string,
	slotKey: string
): Booking | null {
	const state = view.slots.get(slotKey);
	for (const b of view.bookings.values()) {
		if (b.guestId !== memberId || b.slotKey !== slotKey) continue;
		const status = state?.bookings.get(b.key)?.status;
		if (status === undefined || isLiveStatus(status)) return b;
	}
	return null;
}
