/**
 * Which items of a public summary match the directory's filters (issue 16): kind (help offered,
 * help asked, seats), category, date, free seats, "gratuit uniquement", a maximum price. Pure, so
 * the relay narrows its answers with it and the app can narrow the results it cached.
 *
 * Posts have no date nor seats: a date or seats filter keeps only slots. Spaces have no category:
 * a category filter keeps only posts. Slots that ended are never shown, filter or not.
 */
import type { Category, PostKind } from '../help/types';
import { withinBudget, type PriceTerms } from '../pricing/terms';
import type { DirectorySummary, PublicPost, PublicSlot, PublicSpace } from './summary';

export const DIRECTORY_KINDS = ['offer', 'request', 'seats'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

export interface ItemFilter {
	kind?: DirectoryKind;
	category?: Category;
	/** A UTC day [from, from + 24 h): slots overlapping it. */
	day?: { from: number; to: number };
	/** At least this many free seats. */
	seats?: number;
	freeOnly?: boolean;
	maxCents?: number;
}

export function hasItemFilter(filter: ItemFilter): boolean {
	return (
		filter.kind !== undefined ||
		filter.category !== undefined ||
		filter.day !== undefined ||
		filter.seats !== undefined ||
		filter.freeOnly === true ||
		filter.maxCents !== undefined
	);
}

/** A slot's terms: its own seat price when it has one, else its space's. */
export function slotTerms(space: PublicSpace, slot: PublicSlot): PriceTerms | null {
	return slot.seatPriceCents !== null ? { kind: 'fixed', cents: slot.seatPriceCents } : space.price;
}

function budget(filter: ItemFilter) {
	return { freeOnly: filter.freeOnly, maxCents: filter.maxCents ?? null };
}

/** Filters that only slots can meet. */
function slotsOnly(filter: ItemFilter): boolean {
	return filter.kind === 'seats' || filter.day !== undefined || filter.seats !== undefined;
}

export function postMatches(post: PublicPost, filter: ItemFilter): boolean {
	if (slotsOnly(filter)) return false;
	if (filter.kind !== undefined && filter.kind !== (post.kind satisfies PostKind)) return false;
	if (filter.category !== undefined && post.category !== filter.category) return false;
	return withinBudget(post.price, budget(filter));
}

/** Assumes the slot has not ended (see `narrowSummary`). */
export function slotMatches(space: PublicSpace, slot: PublicSlot, filter: ItemFilter): boolean {
	if (filter.kind === 'offer' || filter.kind === 'request' || filter.category !== undefined) {
		return false;
	}
	if (filter.day !== undefined && !(slot.start < filter.day.to && slot.end > filter.day.from)) {
		return false;
	}
	if (filter.seats !== undefined && slot.freeSeats < filter.seats) return false;
	return withinBudget(slotTerms(space, slot), budget(filter));
}

/**
 * The summary with only the matching items, and never a slot that ended by `now`; null when an
 * item filter is set and nothing matches (the board is left out of the answer).
 */
export function narrowSummary(
	summary: DirectorySummary,
	filter: ItemFilter,
	now: number
): DirectorySummary | null {
	const filtered = hasItemFilter(filter);
	const posts = filtered ? summary.posts.filter((p) => postMatches(p, filter)) : summary.posts;
	const spaces: PublicSpace[] = [];
	for (const space of summary.spaces) {
		const slots = space.slots.filter(
			(slot) => slot.end > now && (!filtered || slotMatches(space, slot, filter))
		);
		if (!filtered || slots.length > 0) spaces.push({ ...space, slots });
	}
	if (filtered && posts.length === 0 && spaces.length === 0) return null;
	return { ...summary, posts, spaces };
}
