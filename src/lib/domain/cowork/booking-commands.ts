/**
 * Guests' requests and hosts' decisions. A guest writes only their request; a host writes only
 * their device's roster for the slot (see booking-state.ts for why, and how states follow).
 */
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION, type RawRecord } from '../board/schema';
import {
	NotAuthorError,
	NotFoundError,
	RuleError,
	ValidationError,
	type FieldErrors
} from '../errors';
import type { SealedSet } from '../identity/sealed';
import { parseRecordKey, randomId, recordKey } from '../ids';
import { readCheckins } from '../checkin/read';
import { cleanText } from '../text';
import {
	countsAsGuestCancel,
	deriveSlotState,
	joinRosters,
	NO_SHOW_WINDOW_MS,
	seatsTheHostMayGive
} from './booking-state';
import { readBookings, readRosters, readSlots } from './read';
import type { Booking, Decision, RosterEntry, Slot, SlotState } from './types';
import { bookingTerms } from '../pricing/agreed';
import { readBlocks } from '../trust/blocks';
import { BOOKING_LIMITS } from './validate';
import { activeBookingOn, readCowork } from './view';

function cleanReason(reason: string, required: boolean): string {
	const errors: FieldErrors = {};
	const clean = cleanText(reason, 'reason', { required, max: BOOKING_LIMITS.reason }, errors);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}

export function requestBooking(
	doc: Y.Doc,
	guestId: string,
	slotKey: string,
	seats: number,
	message: string,
	now: number,
	origin?: unknown
): string {
	const view = readCowork(doc, now);
	const state = view.slots.get(slotKey);
	if (!state) throw new NotFoundError(slotKey);
	const { slot } = state;
	if (slot.hostId === guestId) throw new RuleError('ownSlot');
	if (readBlocks(doc).get(slot.hostId)?.has(guestId)) throw new RuleError('blocked');
	if (slot.cancelled) throw new RuleError('slotCancelled');
	if (now >= slot.deadline) throw new RuleError('deadlinePassed');
	const errors: FieldErrors = {};
	if (!Number.isInteger(seats) || seats < 1 || seats > slot.seats) errors.seats = 'seats';
	const cleanMessage = cleanText(
		message,
		'message',
		{ required: false, max: BOOKING_LIMITS.message },
		errors
	);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	if (activeBookingOn(view, guestId, slotKey)) throw new RuleError('alreadyBooked');
	const key = recordKey(guestId, randomId());
	doc.transact(() => {
		collection(doc, ROOT.bookings).set(key, {
			schemaVersion: SCHEMA_VERSION,
			slot: slotKey,
			seats,
			message: cleanMessage,
			createdAt: now,
			cancelled: null,
			agreed: bookingTerms(slot, view.spaces.get(slot.spaceKey), seats)
		});
	}, origin);
	return key;
}

/** The guest withdraws a request or cancels a confirmed seat; the reason is shown to the host. */
export function cancelBooking(
	doc: Y.Doc,
	guestId: string,
	bookingKey: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	if (parseRecordKey(bookingKey)?.authorId !== guestId) throw new NotAuthorError(bookingKey);
	const previous = collection(doc, ROOT.bookings).get(bookingKey) as RawRecord | undefined;
	if (!previous || typeof previous !== 'object') throw new NotFoundError(bookingKey);
	if (previous.cancelled) return;
	// Without the slot this device cannot tell whether the cancellation would count: refuse
	// rather than write one that every replica holding the slot might ignore.
	const slot = readSlots(doc).get(String(previous.slot));
	if (!slot) throw new RuleError('slotUnknown');
	const clean = cleanReason(reason, true);
	const cancelled = { reason: clean, at: now };
	if (!countsAsGuestCancel(slot, cancelled)) throw new RuleError('slotEnded');
	doc.transact(() => {
		collection(doc, ROOT.bookings).set(bookingKey, { ...previous, cancelled });
	}, origin);
}

export interface DecisionChange {
	bookingKey: string;
	decision: Exclude<Decision, 'released'>;
	reason?: string;
	/** For confirmations: the address sealed to the guest, when their key is known. */
	sealed?: SealedSet | null;
	addressVersion?: number;
}

/** Which decisions a host may take from each state, at this moment. */
function allowed(change: DecisionChange, state: SlotState, now: number): boolean {
	const status = state.bookings.get(change.bookingKey)?.status;
	switch (change.decision) {
		case 'confirmed':
			// Confirming again what is confirmed only refreshes the sealed address.
			return status === 'requested' || status === 'waitlisted' || status === 'confirmed';
		case 'declined':
			return status === 'requested' || status === 'waitlisted';
		case 'cancelled':
			// After the end, a seat was used or not: that is a no-show, not a cancellation.
			return (status === 'confirmed' || status === 'over-capacity') && now < state.slot.end;
		case 'no-show':
			return (
				status === 'confirmed' &&
				now >= state.slot.start &&
				now <= state.slot.end + NO_SHOW_WINDOW_MS
			);
	}
}

/** The key of this host device's decision record for a slot. */
export function rosterKey(hostId: string, slotKey: string, deviceId: string): string {
	const slotRecordId = parseRecordKey(slotKey)?.recordId ?? '';
	return recordKey(hostId, `${slotRecordId}${deviceId}`.slice(0, 64));
}

function slotAndBookings(doc: Y.Doc, slotKey: string): { slot: Slot; bookings: Booking[] } {
	const slot = readSlots(doc).get(slotKey);
	if (!slot) throw new NotFoundError(slotKey);
	const bookings = [...readBookings(doc).values()].filter((b) => b.slotKey === slotKey);
	return { slot, bookings };
}

/**
 * Records the host's decisions about bookings of one slot, in order, in this device's roster.
 * The roster is rewritten with everything this device knows (other devices' decisions, guests'
 * cancellations as "released"), so any replica holding it counts seats as the host did.
 */
export function decide(
	doc: Y.Doc,
	hostId: string,
	deviceId: string,
	slotKey: string,
	changes: readonly DecisionChange[],
	now: number,
	origin?: unknown
): void {
	if (parseRecordKey(slotKey)?.authorId !== hostId) throw new NotAuthorError(slotKey);
	const { slot, bookings } = slotAndBookings(doc, slotKey);
	const rosters = readRosters(doc).get(slotKey) ?? [];
	const joined = joinRosters(rosters);
	let seq = joined.seq;
	const entries: Record<string, RosterEntry> = {};
	// Only cancellations the views count become released seats (same predicate as the views).
	const guestCancelled = new Set(
		bookings.filter((b) => countsAsGuestCancel(slot, b.cancelled)).map((b) => b.key)
	);
	const deviceKey = rosterKey(hostId, slotKey, deviceId);
	for (const [key, { from, ...entry }] of joined.entries) {
		const released = entry.decision === 'confirmed' && guestCancelled.has(key);
		const copy = { ...entry, device: from };
		entries[key] = released ? { ...copy, decision: 'released', seq: ++seq, at: now } : copy;
	}
	const checkins = readCheckins(doc);
	let state = deriveSlotState(slot, bookings, rosters, now, undefined, checkins);
	for (const change of changes) {
		// Host and guest both signed the arrival at the door: it cannot become a no-show.
		if (change.decision === 'no-show' && state.bookings.get(change.bookingKey)?.attested) {
			throw new RuleError('attested');
		}
		if (!allowed(change, state, now)) throw new RuleError(`not-${change.decision}`);
		const current = state.bookings.get(change.bookingKey);
		if (!current) throw new NotFoundError(change.bookingKey);
		const reseal = change.decision === 'confirmed' && current.status === 'confirmed';
		const fits = current.seats <= seatsTheHostMayGive(state);
		if (change.decision === 'confirmed' && !reseal && !fits) {
			throw new RuleError('full');
		}
		const previous = entries[change.bookingKey];
		entries[change.bookingKey] = {
			decision: change.decision,
			seq: reseal && previous ? previous.seq : ++seq,
			at: reseal && previous ? previous.at : now,
			seats: current.seats,
			reason: cleanReason(change.reason ?? '', change.decision === 'cancelled'),
			sealed: change.sealed ?? null,
			addressVersion: change.addressVersion ?? 0,
			// A reseal keeps the confirmation's origin, so its place in the order never moves.
			device: reseal && previous ? previous.device : deviceKey
		};
		const roster = { key: deviceKey, hostId, slotKey, seq, entries };
		state = deriveSlotState(slot, bookings, [...rosters, roster], now, undefined, checkins);
	}
	doc.transact(() => {
		collection(doc, ROOT.rosters).set(deviceKey, {
			schemaVersion: SCHEMA_VERSION,
			slot: slotKey,
			seq,
			entries
		});
	}, origin);
}

/** Requests the host's device confirms by itself when the space auto-accepts: all that fit. */
export function autoAcceptable(state: SlotState): string[] {
	return [...state.bookings.values()]
		.filter((b) => b.status === 'requested')
		.map((b) => b.bookingKey);
}
