/**
 * My bookings as calendar events: "Mes réservations" saves them one by one or all upcoming ones,
 * and the settings page puts the same file in "export all my data".
 */
import { bookingIcsEvent, type BookingIcsWords } from '$lib/domain/cowork/booking-ics';
import { toIcs, type IcsEvent } from '$lib/domain/cowork/ics';
import type { PrivateDetails } from '$lib/domain/cowork/types';
import { m } from '$lib/paraglide/messages.js';
import type { AppState } from './app.svelte';
import { isActive, myBookings, type BoardCowork, type MyBooking } from './cowork-lists';

/** The calendar file's sentences from the messages, read when a file is made (current locale). */
const ICS_WORDS: BookingIcsWords = {
	summary: (title) => m.booking_ics_summary({ title }),
	confirmed: (count) => m.booking_ics_confirmed({ seats: m.booking_seats({ count }) }),
	unconfirmed: (count) => m.booking_ics_unconfirmed({ seats: m.booking_seats({ count }) }),
	board: (board) => m.booking_ics_board({ board }),
	access: (access) => m.booking_ics_access({ access }),
	addressInApp: () => m.booking_ics_address_in_app(),
	addressLater: () => m.booking_ics_address_later()
};

/** Every open board's cowork snapshot, for the cross-board lists. */
export function coworkBoards(app: AppState): BoardCowork[] {
	return app.allSessions().map((s) => ({
		boardId: s.id,
		boardName: s.board.info?.name ?? '',
		cowork: s.cowork.snapshot
	}));
}

/** Bookings worth a calendar event: upcoming, still holding or waiting for a seat. */
export function exportable(items: readonly MyBooking[]): MyBooking[] {
	return items.filter((i) => i.upcoming && i.slot && i.space && isActive(i));
}

/** The address only for a confirmed booking, opened from what the host sealed to me. */
async function addressOf(app: AppState, i: MyBooking): Promise<PrivateDetails | null> {
	if (i.state?.status !== 'confirmed') return null;
	try {
		return (await app.session(i.boardId)?.cowork.openAddress(i.booking.key)) ?? null;
	} catch (error) {
		// An address that cannot be opened leaves the event with the public place, not no event.
		console.error(error);
		return null;
	}
}

/** `urlOf` links each event back to its space in the app. */
export async function bookingEvents(
	app: AppState,
	list: readonly MyBooking[],
	urlOf: (item: MyBooking) => string | undefined
): Promise<IcsEvent[]> {
	// The lead I chose for push reminders, so the calendar rings when the push would.
	const minutes = app.push?.preferences.reminderLeadMinutes;
	const lead = minutes === undefined ? undefined : minutes * 60_000;
	const events = await Promise.all(
		list.map(async (i) => {
			if (!i.slot || !i.space || !i.state) return null;
			return bookingIcsEvent({
				booking: i.booking,
				slot: i.slot,
				space: i.space,
				status: i.state.status,
				boardName: i.boardName,
				details: await addressOf(app, i),
				url: urlOf(i),
				reminderLeadMs: lead,
				words: ICS_WORDS
			});
		})
	);
	return events.filter((e) => e !== null);
}

/** All my upcoming bookings as one iCalendar text; `count` 0 when there is none. */
export async function upcomingBookingsIcs(
	app: AppState,
	urlOf: (item: MyBooking) => string | undefined,
	now = Date.now()
): Promise<{ ics: string; count: number }> {
	const items = myBookings(coworkBoards(app), app.identity?.memberId ?? '', now);
	const events = await bookingEvents(app, exportable(items), urlOf);
	return { ics: events.length > 0 ? toIcs(events, now) : '', count: events.length };
}
