/**
 * Lookups over one board session's snapshots, for describing ratings and reports (profile and
 * admin pages). Hidden posts count: an admin reviewing a report still needs the post's title.
 */
import type { ReportLookup, SubjectLookup } from '$lib/components/trust/rating-subject';
import type { BoardSession } from '$lib/state/board/session.svelte';

export function postTitle(session: BoardSession, postKey: string): string | null {
	const post =
		session.posts.list.find((p) => p.key === postKey) ??
		session.posts.hidden.find((p) => p.key === postKey);
	return post?.title ?? null;
}

export function subjectLookup(session: BoardSession): SubjectLookup {
	const { engagements } = session.aid.snapshot;
	const cowork = session.cowork.snapshot;
	return {
		engagementPost: (key) => engagements.get(key)?.postKey ?? null,
		postTitle: (key) => postTitle(session, key),
		bookingSpace: (key) => {
			const booking = cowork.bookings.get(key);
			const slot = booking && cowork.slots.get(booking.slotKey);
			const space = slot && cowork.spaces.get(slot.slot.spaceKey);
			return space ? { key: space.key, title: space.title } : null;
		}
	};
}

export function reportLookup(session: BoardSession): ReportLookup {
	const { ratings } = session.trust;
	return {
		postTitle: (key) => postTitle(session, key),
		memberName: (id) => session.members.nameOf(id),
		rating: (key) => ratings.find((r) => r.key === key) ?? null
	};
}
