/**
 * Engagements from one member's point of view: which side they are on, whether the next step is
 * theirs, and the order lists show them in (what waits for me first, finished ones last).
 */
import type { Engagement } from './types';

export type Side = 'initiator' | 'author';

/** My side of an engagement, or null when I am neither of the two people. */
export function sideOf(engagement: Engagement, me: string): Side | null {
	if (engagement.initiatorId === me) return 'initiator';
	if (engagement.authorId === me) return 'author';
	return null;
}

/** The other person of an engagement, seen from `me`. */
export function otherOf(engagement: Engagement, me: string): string {
	return engagement.initiatorId === me ? engagement.authorId : engagement.initiatorId;
}

/** What the next step asks of me, if anything. */
export type MyStep = 'respond' | 'confirm' | 'rate' | null;

/**
 * - the post's author answers a proposal;
 * - once the other side marked the help done, I confirm it (or dispute it);
 * - once it is done, I rate the other person (`rated` says whether I did).
 */
export function myStep(
	engagement: Engagement,
	me: string,
	rated: (engagementKey: string) => boolean = () => false
): MyStep {
	const side = sideOf(engagement, me);
	if (!side) return null;
	if (engagement.status === 'proposed') return side === 'author' ? 'respond' : null;
	if (engagement.status !== 'done') return null;
	const mine = side === 'initiator' ? engagement.request : engagement.response;
	if (!mine?.done) return 'confirm';
	return rated(engagement.key) ? null : 'rate';
}

const RANK: Record<Engagement['status'], number> = {
	proposed: 1,
	accepted: 2,
	disputed: 3,
	done: 4,
	declined: 5,
	cancelled: 5
};

/** Waiting for me first, then open ones, then finished, then declined or cancelled; newest first within each. */
export function sortForMember(
	engagements: Iterable<Engagement>,
	me: string,
	rated?: (engagementKey: string) => boolean
): Engagement[] {
	const rank = (e: Engagement) => (myStep(e, me, rated) ? 0 : RANK[e.status]);
	return [...engagements].sort(
		(a, b) =>
			rank(a) - rank(b) || b.request.createdAt - a.request.createdAt || (a.key < b.key ? -1 : 1)
	);
}
