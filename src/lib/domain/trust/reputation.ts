/** A member's reputation on one board, from the ratings every view accepts. */
import type { Moderation } from './moderation';
import { isHidden } from './moderation';
import type { Rating } from './ratings';

export interface Reputation {
	count: number;
	/** Mean stars, null with no rating. */
	average: number | null;
	/** How many ratings gave 1, 2, 3, 4 and 5 stars (index 0 = 1 star). */
	distribution: [number, number, number, number, number];
	/** Newest ratings with a comment first, for the profile page. */
	latest: Rating[];
	vouchedBy: { by: string; at: number }[];
}

/** How many commented ratings a profile shows. */
export const LATEST_SHOWN = 5;

/**
 * Counts ratings about `memberId` that no admin hid and whose author was not removed. Hidden
 * ratings stay visible to their author elsewhere (with the reason), never in anyone's average.
 */
export function reputationOf(
	memberId: string,
	ratings: readonly Rating[],
	moderation: Moderation
): Reputation {
	const counted = ratings.filter(
		(r) =>
			r.rateeId === memberId &&
			!moderation.removed.has(r.raterId) &&
			!isHidden(moderation, 'ratings', r.key)
	);
	const distribution: Reputation['distribution'] = [0, 0, 0, 0, 0];
	let total = 0;
	for (const r of counted) {
		distribution[r.stars - 1]!++;
		total += r.stars;
	}
	return {
		count: counted.length,
		average: counted.length > 0 ? Math.round((total / counted.length) * 10) / 10 : null,
		distribution,
		latest: counted
			.filter((r) => r.comment.length > 0)
			.sort((a, b) => b.updatedAt - a.updatedAt || (a.key < b.key ? -1 : 1))
			.slice(0, LATEST_SHOWN),
		vouchedBy: moderation.removed.has(memberId) ? [] : (moderation.vouches.get(memberId) ?? [])
	};
}

/** What a card shows of a member's reputation: the average, the count, who vouched. */
export type ReputationBrief = Pick<Reputation, 'count' | 'average' | 'vouchedBy'>;

const NO_RATING: ReputationBrief = { count: 0, average: null, vouchedBy: [] };

/**
 * Every member's brief reputation, from one pass over the ratings (same rules as reputationOf).
 * The board's cards read this map: with 2,000 posts, searching the ratings per card would not do.
 */
export function reputationBriefs(
	ratings: readonly Rating[],
	moderation: Moderation
): (memberId: string) => ReputationBrief {
	const sums = new Map<string, { count: number; total: number }>();
	for (const r of ratings) {
		if (moderation.removed.has(r.raterId) || isHidden(moderation, 'ratings', r.key)) continue;
		const sum = sums.get(r.rateeId) ?? { count: 0, total: 0 };
		sum.count++;
		sum.total += r.stars;
		sums.set(r.rateeId, sum);
	}
	return (memberId) => {
		const vouchedBy = moderation.removed.has(memberId)
			? []
			: (moderation.vouches.get(memberId) ?? []);
		const sum = sums.get(memberId);
		if (!sum) return vouchedBy.length > 0 ? { ...NO_RATING, vouchedBy } : NO_RATING;
		return {
			count: sum.count,
			average: Math.round((sum.total / sum.count) * 10) / 10,
			vouchedBy
		};
	};
}
