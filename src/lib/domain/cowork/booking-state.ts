/**
 * A booking's state is derived, never stored: from the guest's request, the slot, and the host's
 * decision records ("rosters"), the same function runs on every replica. That is what makes
 * replicas holding the same updates show the same states (DESIGN.md §7).
 *
 * Why rosters: each host *device* keeps one record per slot holding every decision it knows of
 * (its own and those it read from the host's other devices), rewritten whole on each decision.
 * - A roster carries its device's whole knowledge, so a replica that has the host's latest
 *   roster but not yet some guest's cancellation still counts seats exactly as the host did.
 * - One record per device (not per host) means two of the host's devices deciding offline at
 *   once never overwrite each other: both rosters survive and are joined here. That join is the
 *   only way confirmations can exceed capacity, and the rule below cuts them deterministically
 *   (lowest decision sequence first; two devices deciding offline reach the same sequence, and
 *   then the device key decides — phone clocks cannot be trusted to) and flags the slot.
 * - Decisions only move forward (declined → confirmed → cancelled / no-show / released), so the
 *   join takes the furthest decision per booking and a confirmation is never lost to a merge.
 */
import { attestedAt, checkedIn, type Checkins } from '../checkin/read';
import type {
	Booking,
	BookingState,
	Decision,
	Roster,
	RosterEntry,
	Slot,
	SlotState
} from './types';

/** Cancelling less than this before the start is "late" (the host may have turned others away). */
export const LATE_CANCEL_MS = 24 * 60 * 60 * 1000;
/**
 * A host may mark a no-show until this long after the slot's end: long enough to forget for a
 * day, short enough that a no-show cannot be invented weeks later to void the guest's rating.
 */
export const NO_SHOW_WINDOW_MS = 24 * 60 * 60 * 1000;

const RANK: Record<Decision, number> = {
	declined: 1,
	confirmed: 2,
	cancelled: 3,
	'no-show': 3,
	released: 3
};

export interface JoinedEntry extends RosterEntry {
	/** Key of the roster (host device) this entry comes from. */
	from: string;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A total order on decisions about one booking: later in the decision's life wins. */
function compareEntries(a: JoinedEntry, b: JoinedEntry): number {
	return (
		RANK[a.decision] - RANK[b.decision] ||
		a.seq - b.seq ||
		a.addressVersion - b.addressVersion ||
		compareKeys(a.from, b.from) ||
		compareKeys(a.decision, b.decision)
	);
}

/** Every host device's decisions for one slot, joined: the furthest decision per booking wins. */
export function joinRosters(rosters: readonly Roster[]): {
	seq: number;
	entries: Map<string, JoinedEntry>;
} {
	let seq = 0;
	const entries = new Map<string, JoinedEntry>();
	for (const roster of rosters) {
		seq = Math.max(seq, roster.seq);
		for (const [bookingKey, entry] of Object.entries(roster.entries)) {
			// Entries copied from another device keep that device as their origin.
			const candidate = { ...entry, from: entry.device || roster.key };
			const current = entries.get(bookingKey);
			if (!current || compareEntries(candidate, current) > 0) entries.set(bookingKey, candidate);
		}
	}
	return { seq, entries };
}

const isLate = (slot: Slot, at: number) => at > slot.start - LATE_CANCEL_MS;

/**
 * Does this guest cancellation count? Only one written before the slot's end: after it, a seat
 * was used or not (a no-show), and a late "cancellation" would be the guest's way to erase a
 * rating. The views and every command ask this one question, so a hand-made cancellation the
 * views ignore can never become a released seat on the host's device.
 */
export function countsAsGuestCancel(
	slot: Pick<Slot, 'end'>,
	cancelled: Booking['cancelled']
): cancelled is NonNullable<Booking['cancelled']> {
	return cancelled !== null && cancelled.at < slot.end;
}

/**
 * The seats of a slot nobody holds: neither confirmed nor held by a request waiting for the
 * host (requests hold seats in request order; those that do not fit are waitlisted). The slot's
 * card shows this number and the rules decide with it, so "2 places libres" is never shown
 * next to a guest told the slot is full.
 */
export function countFreeSeats(
	slot: Pick<Slot, 'seats' | 'cancelled'>,
	states: Iterable<Pick<BookingState, 'status' | 'seats'>>
): number {
	if (slot.cancelled) return 0;
	let taken = 0;
	for (const s of states)
		if (s.status === 'confirmed' || s.status === 'requested') taken += s.seats;
	return Math.max(0, slot.seats - taken);
}

/**
 * The seats the host may still give: pending requests hold seats against new guests, not
 * against the host's choice (the host may confirm a waitlisted request, and the one that held
 * the seat goes back to the waitlist). Same count as `countFreeSeats`, over confirmations only.
 */
export function seatsTheHostMayGive(state: SlotState): number {
	const confirmed = [...state.bookings.values()].filter((b) => b.status !== 'requested');
	return countFreeSeats(state.slot, confirmed);
}

function state(
	bookingKey: string,
	status: BookingState['status'],
	seats: number,
	extra: Partial<BookingState> = {}
): BookingState {
	return {
		bookingKey,
		status,
		seats,
		cancelledBy: null,
		reason: '',
		late: false,
		sealed: null,
		checkins: { host: false, guest: false },
		attested: false,
		...extra
	};
}

/**
 * Statuses that still hold or wait for a seat: they end when the host cancels the slot, count
 * as "my booking" on a slot, and are exported as calendar events.
 */
const LIVE: ReadonlySet<string> = new Set<BookingState['status']>([
	'requested',
	'waitlisted',
	'confirmed',
	'over-capacity'
]);

export function isLiveStatus(status: BookingState['status']): boolean {
	return LIVE.has(status);
}

/**
 * The state of every booking of one slot at time `now`.
 * @param bookings the guests' requests pointing at this slot
 * @param rosters decision records written by this slot's host (readRosters checked the author)
 * @param hiddenGuests members whose unanswered requests are not shown (removed by an admin, or
 *   blocked by this host)
 * @param checkins who checked in at the door (readCheckins, removed members already left out)
 */
export function deriveSlotState(
	slot: Slot,
	bookings: readonly Booking[],
	rosters: readonly Roster[],
	now: number,
	hiddenGuests: ReadonlySet<string> = new Set(),
	checkins: Checkins = new Map()
): SlotState {
	const { entries } = joinRosters(rosters);
	const byKey = new Map(bookings.map((b) => [b.key, b]));
	// Both the booking's guest and the slot's host said the guest came: only these two count.
	const bothSaid = (key: string) => {
		const guest = byKey.get(key)?.guestId;
		return guest !== undefined && attestedAt(checkins, key, guest, slot.hostId) !== null;
	};
	const states = new Map<string, BookingState>();
	const holding: [string, JoinedEntry][] = [];

	for (const [key, entry] of entries) {
		// A cancellation dated after the slot ended cannot undo a seat that was used (the guest's
		// way to erase a rating); the command refuses it, and a hand-made one is ignored here.
		const cancel = byKey.get(key)?.cancelled ?? null;
		const guestCancel = countsAsGuestCancel(slot, cancel) ? cancel : null;
		const byGuest = { cancelledBy: 'guest' as const, reason: guestCancel?.reason ?? '' };
		if (entry.decision === 'released' || (entry.decision === 'confirmed' && guestCancel)) {
			const at = guestCancel?.at ?? entry.at;
			states.set(key, state(key, 'cancelled', entry.seats, { ...byGuest, late: isLate(slot, at) }));
		} else if (entry.decision === 'cancelled') {
			states.set(
				key,
				state(key, 'cancelled', entry.seats, {
					cancelledBy: 'host',
					reason: entry.reason,
					late: isLate(slot, entry.at)
				})
			);
		} else if (
			entry.decision === 'no-show' &&
			entry.at <= slot.end + NO_SHOW_WINDOW_MS &&
			// An offline device may have marked a no-show the two of them contradict at the door.
			!bothSaid(key)
		) {
			states.set(key, state(key, 'no-show', entry.seats));
		} else if (entry.decision === 'declined') {
			const withdrawn = guestCancel !== null;
			states.set(
				key,
				withdrawn
					? state(key, 'cancelled', entry.seats, byGuest)
					: state(key, 'declined', entry.seats, { reason: entry.reason })
			);
		} else if (entry.decision === 'no-show') {
			// Marked long after the slot, or on an attested arrival: the seat stays as it was.
			holding.push([key, { ...entry, decision: 'confirmed' }]);
		} else {
			holding.push([key, entry]);
		}
	}

	// Confirmations hold seats in decision order; only two host devices deciding at once can
	// overflow, and then the later sequence gives way (same sequence: device key, booking key).
	holding.sort(
		([ka, a], [kb, b]) => a.seq - b.seq || compareKeys(a.from, b.from) || compareKeys(ka, kb)
	);
	// The longest prefix that fits keeps its seats; everything after gives way. Not "first fit":
	// a freed seat must never let a bigger, earlier confirmation push out a later one that had
	// already been shown as confirmed.
	let confirmedSeats = 0;
	let overCapacity = false;
	for (const [key, entry] of holding) {
		if (!overCapacity && confirmedSeats + entry.seats <= slot.seats) {
			confirmedSeats += entry.seats;
			states.set(key, state(key, 'confirmed', entry.seats, { sealed: entry.sealed }));
		} else {
			overCapacity = true;
			states.set(key, state(key, 'over-capacity', entry.seats));
		}
	}

	// Unanswered requests, in order of request: those that fit the free seats wait for the host,
	// the others are waitlisted, and move up when a seat frees (never straight to confirmed).
	const undecided = bookings
		.filter((b) => !entries.has(b.key) && !hiddenGuests.has(b.guestId))
		.sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
	let waiting = 0;
	for (const b of undecided) {
		if (countsAsGuestCancel(slot, b.cancelled)) {
			states.set(
				b.key,
				state(b.key, 'cancelled', b.seats, { cancelledBy: 'guest', reason: b.cancelled.reason })
			);
		} else if (now >= slot.deadline) {
			states.set(b.key, state(b.key, 'expired', b.seats));
		} else if (b.seats <= countFreeSeats(slot, states.values())) {
			waiting++;
			states.set(b.key, state(b.key, 'requested', b.seats));
		} else {
			states.set(b.key, state(b.key, 'waitlisted', b.seats));
		}
	}

	for (const [key, s] of states) {
		const guest = byKey.get(key)?.guestId ?? '';
		s.checkins = {
			host: checkedIn(checkins, key, slot.hostId),
			guest: guest !== '' && checkedIn(checkins, key, guest)
		};
		s.attested = s.status === 'confirmed' && bothSaid(key);
	}

	if (slot.cancelled) {
		const { reason, at } = slot.cancelled;
		for (const [key, s] of states) {
			if (!LIVE.has(s.status)) continue;
			const wasConfirmed = s.status === 'confirmed';
			states.set(
				key,
				state(key, 'cancelled', s.seats, {
					cancelledBy: 'host',
					reason,
					late: wasConfirmed && isLate(slot, at),
					checkins: s.checkins
				})
			);
		}
		return {
			slot,
			confirmedSeats: 0,
			freeSeats: 0,
			bookings: states,
			overCapacity: false,
			waiting: 0
		};
	}
	return {
		slot,
		confirmedSeats,
		freeSeats: countFreeSeats(slot, states.values()),
		bookings: states,
		overCapacity,
		waiting
	};
}
