/**
 * A guest's booking as a calendar event. The exact address goes into the event only for a
 * confirmed booking whose sealed details this device could open: a request, a waitlisted or a
 * declined guest's file carries the public neighbourhood and city, never more (DESIGN.md §6).
 * The domain has no words of its own: the caller passes them, in the reader's language.
 */
import { DEFAULT_REMINDER_LEAD_MS } from '../notify/notice';
import type { IcsEvent } from './ics';
import type { Booking, BookingStatus, PrivateDetails, Slot, Space } from './types';

export interface BookingIcsInput {
	booking: Booking;
	slot: Slot;
	space: Space;
	status: BookingStatus;
	boardName: string;
	/** The opened private details; ignored unless the booking is confirmed. */
	details: PrivateDetails | null;
	/** Link back to the space in the app. */
	url?: string;
	/** The member's reminder lead time (push settings), when known; else the default 3 h. */
	reminderLeadMs?: number;
	words: BookingIcsWords;
}

/** The event's sentences (the app passes its messages: src/lib/state/booking-calendar.ts). */
export interface BookingIcsWords {
	/** "Coworking : Salon lumineux". */
	summary: (title: string) => string;
	/** "Réservation confirmée : 2 places." */
	confirmed: (seats: number) => string;
	unconfirmed: (seats: number) => string;
	board: (name: string) => string;
	access: (access: string) => string;
	/** Confirmed, but this device could not open the sealed address. */
	addressInApp: () => string;
	addressLater: () => string;
}

/** Where the public part of a listing says it is: "Belleville, Paris". */
export function publicPlace(space: Pick<Space, 'neighbourhood' | 'city'>): string {
	return [space.neighbourhood.trim(), space.city.trim()].filter(Boolean).join(', ');
}

export function bookingIcsEvent(input: BookingIcsInput): IcsEvent {
	const { booking, slot, space, status, boardName, words } = input;
	const confirmed = status === 'confirmed';
	const details = confirmed ? input.details : null;
	const description = [
		confirmed ? words.confirmed(booking.seats) : words.unconfirmed(booking.seats),
		words.board(boardName)
	];
	if (details?.access.trim()) description.push(words.access(details.access.trim()));
	if (!details) {
		description.push(confirmed ? words.addressInApp() : words.addressLater());
	}
	return {
		uid: `${booking.key}@quartier`,
		start: slot.start,
		end: slot.end,
		summary: words.summary(space.title),
		description: description.join('\n'),
		location: details?.address.trim() || publicPlace(space),
		status: confirmed ? 'CONFIRMED' : 'TENTATIVE',
		...(input.url ? { url: input.url } : {}),
		alarm: {
			beforeMs: input.reminderLeadMs ?? DEFAULT_REMINDER_LEAD_MS,
			description: words.summary(space.title)
		}
	};
}
