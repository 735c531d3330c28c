/**
 * What the rating form needs for my rating of a past cowork booking (as its guest or its host),
 * read from the board session's snapshots: call it inside the template so it follows them.
 */
import { bookingRatingErrorMessage } from '$lib/components/aid/aid-labels';
import { logged, runAsyncCommand } from '$lib/components/ui/run-command';
import { RATING_EDIT_MS } from '$lib/domain/trust/ratings';
import type { BoardSession } from '$lib/state/board/session.svelte';

export function bookingRating(session: BoardSession, bookingKey: string) {
	const { trust, moderation } = session;
	const rating = trust.myRating(bookingKey);
	const slotKey = session.cowork.snapshot.bookings.get(bookingKey)?.slotKey ?? '';
	const slotEnd = session.cowork.snapshot.slots.get(slotKey)?.slot.end ?? null;
	return {
		rating,
		// Ratings stay editable for 14 days after the slot ended.
		frozenAt: rating && slotEnd !== null ? slotEnd + RATING_EDIT_MS : null,
		hiddenReason: rating ? (moderation.hiddenMark('ratings', rating.key)?.reason ?? null) : null,
		loadPrivateNote: () => trust.myRatingNote(bookingKey),
		onsave: (input: { stars: number; comment: string }, note: string) =>
			runAsyncCommand(
				() => trust.rate('booking', bookingKey, input, note),
				logged(bookingRatingErrorMessage)
			)
	};
}
