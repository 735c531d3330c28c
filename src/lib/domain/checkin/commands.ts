/**
 * Writing a check-in at the door (issue 18). The rules, as the door screens and every replica
 * understand them:
 *
 * - a booking: only its guest ("je suis arrivé") or its slot's host ("j'ai accueilli"), only
 *   once it is confirmed, and only around its slot — from `CHECKIN_OPENS_BEFORE_MS` before the
 *   start to the end (a guest arriving early is welcome; a check-in days before would be a
 *   promise, not an arrival; after the end, the seat was used or not);
 * - an engagement: only its two parties, once accepted (or already marked done by one side).
 *
 * Writing again is harmless: the record is per member and target, the first time is kept.
 */
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { NotAuthorError, NotFoundError, RuleError } from '../errors';
import { readCowork } from '../cowork/view';
import { readEngagements } from '../engagement/read';
import { checkinKey } from './read';

/** A guest may arrive (and be welcomed) this long before the slot starts. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 60 * 60 * 1000;

function write(doc: Y.Doc, memberId: string, target: string, now: number, origin?: unknown): void {
	const map = collection(doc, ROOT.checkins);
	const key = checkinKey(memberId, target);
	if (map.has(key)) return;
	doc.transact(() => {
		map.set(key, { schemaVersion: SCHEMA_VERSION, target, at: now });
	}, origin);
}

/** Is `now` inside the door window of a slot? */
export function doorOpen(slot: { start: number; end: number }, now: number): boolean {
	return now >= slot.start - CHECKIN_OPENS_BEFORE_MS && now < slot.end;
}

/** The host's "accueilli" or the guest's "arrivé" on a confirmed booking, around its slot. */
export function checkInBooking(
	doc: Y.Doc,
	memberId: string,
	bookingKey: string,
	now: number,
	origin?: unknown
): void {
	const view = readCowork(doc, now);
	const booking = view.bookings.get(bookingKey);
	const slotState = booking ? view.slots.get(booking.slotKey) : undefined;
	const state = slotState?.bookings.get(bookingKey);
	if (!booking || !slotState || !state) throw new NotFoundError(bookingKey);
	if (memberId !== booking.guestId && memberId !== slotState.slot.hostId) {
		throw new NotAuthorError(bookingKey);
	}
	if (state.status !== 'confirmed') throw new RuleError('checkinNotConfirmed');
	if (!doorOpen(slotState.slot, now)) throw new RuleError('checkinOutsideSlot');
	write(doc, memberId, bookingKey, now, origin);
}

/** "Service rendu" by one of the two parties of an accepted engagement. */
export function checkInEngagement(
	doc: Y.Doc,
	memberId: string,
	engagementKey: string,
	now: number,
	origin?: unknown
): void {
	const engagement = readEngagements(doc).get(engagementKey);
	if (!engagement) throw new NotFoundError(engagementKey);
	if (memberId !== engagement.initiatorId && memberId !== engagement.authorId) {
		throw new NotAuthorError(engagementKey);
	}
	if (engagement.status !== 'accepted' && engagement.status !== 'done') {
		throw new RuleError('checkinNotAccepted');
	}
	write(doc, memberId, engagementKey, now, origin);
}
