/**
 * Lookups over one board session's snapshots, for describing ratings and reports (profile and
 * admin pages). Hidden posts count: an admin reviewing a report still needs the post's title.
 */
import { resolve } from '$app/paths';
import type { PersonSummary } from '$lib/components/trust/person';
import type { ReportLookup, SubjectLookup } from '$lib/components/trust/rating-subject';
import { reputationBriefs } from '$lib/domain/trust/reputation';
import type { BoardSession } from '$lib/state/board/session.svelte';

/**
 * The person behind each card, for one render of a page: the ratings are read once into a map
 * (reputationBriefs), then each card's lookup is a map read. Call it inside `$derived`, once
 * per page, never once per card.
 */
export function personLookup(
	session: BoardSession,
	boardId: string
): (memberId: string) => PersonSummary {
	const brief = reputationBriefs(session.trust.ratings, session.moderation.marks);
	const nameOf = (id: string) => session.members.nameOf(id) ?? '';
	return (id) => {
		const { count, average, vouchedBy } = brief(id);
		return {
			id,
			name: nameOf(id),
			href: resolve('/b/[id]/members/[memberId]', { id: boardId, memberId: id }),
			count,
			average,
			recommendedBy: vouchedBy.map((v) => nameOf(v.by))
		};
	};
}

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
