/**
 * A guest's booking as a calendar event. The exact address goes into the event only for a
 * confirmed booking whose sealed details this device could open: a request, a waitlisted or a
 * declined guest's file carries the public neighbourhood and city, never more (DESIGN.md §6).
 */
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
}

/** Where the public part of a listing says it is: "Belleville, Paris". */
export function publicPlace(space: Pick<Space, 'neighbourhood' | 'city'>): string {
	return [space.neighbourhood.trim(), space.city.trim()].filter(Boolean).join(', ');
}

export function bookingIcsEvent(input: BookingIcsInput): IcsEvent {
	const { booking, slot, space, status, boardName } = input;
	const confirmed = status === 'confirmed';
	const details = confirmed ? input.details : null;
	const seats = booking.seats === 1 ? '1 place' : `${booking.seats} places`;
	const description = [
		confirmed
			? `Réservation confirmée : ${seats}.`
			: `Réservation pas encore confirmée par l’hôte : ${seats}.`,
		`Tableau : ${boardName}`
	];
	if (details?.access.trim()) description.push(`Accès : ${details.access.trim()}`);
	if (!details) {
		description.push(
			confirmed
				? 'Adresse exacte : à ouvrir dans Quartier.'
				: 'L’adresse exacte sera visible dans Quartier une fois la réservation confirmée.'
		);
	}
	return {
		uid: `${booking.key}@quartier`,
		start: slot.start,
		end: slot.end,
		summary: `Coworking : ${space.title}`,
		description: description.join('\n'),
		location: details?.address.trim() || publicPlace(space),
		status: confirmed ? 'CONFIRMED' : 'TENTATIVE',
		...(input.url ? { url: input.url } : {})
	};
}
