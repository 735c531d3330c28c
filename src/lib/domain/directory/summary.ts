/**
 * What a listed board shows its city (issue 16), as a pure function of its document: the relay
 * derives it from the documents it holds and keeps it in its directory index. Nothing else of a
 * board ever leaves the relay, so everything here is chosen field by field:
 *
 * - the board: name, city, neighbourhood, description, member count, the admins' questions;
 * - open offers and requests whose author ticked "visible dans l'annuaire": kind, title,
 *   category, price terms;
 * - listed spaces: neighbourhood, amenities, seats, price terms, and per upcoming slot its times,
 *   free seats and seat price.
 *
 * Never a key, a member id, an address, a phone, a sealed field, a rating or a report; nothing an
 * admin hid, nothing of a removed member, nothing at all of a private board.
 */
import type * as Y from 'yjs';
import { readBoard } from '../board/read';
import { readCowork } from '../cowork/view';
import type { Amenity } from '../cowork/types';
import type { Category, PostKind } from '../help/types';
import { readPosts } from '../help/read';
import { readMembers } from '../members/read';
import type { PriceTerms } from '../pricing/terms';
import { isHidden, readModeration } from '../trust/moderation';
import { readVisibility } from './visibility';

/** Enough for a directory card and a public page; a board of thousands stays a few kB. */
export const SUMMARY_LIMITS = { posts: 100, spaces: 20, slotsPerSpace: 20 } as const;

export interface PublicPost {
	kind: PostKind;
	title: string;
	category: Category;
	price: PriceTerms | null;
}

export interface PublicSlot {
	start: number;
	end: number;
	freeSeats: number;
	seatPriceCents: number | null;
}

export interface PublicSpace {
	neighbourhood: string;
	amenities: Amenity[];
	seats: number;
	price: PriceTerms | null;
	slots: PublicSlot[];
}

export interface DirectorySummary {
	boardId: string;
	visibility: 'listed' | 'open';
	name: string;
	city: string;
	neighbourhood: string;
	description: string;
	/** The gazetteer place the admins chose; null: the relay matches `city`. */
	placeId: number | null;
	memberCount: number;
	questions: string[];
	posts: PublicPost[];
	spaces: PublicSpace[];
}

/** The board's public summary at `now`, or null when it is private (or has no board record). */
export function deriveDirectorySummary(
	doc: Y.Doc,
	boardId: string,
	now: number
): DirectorySummary | null {
	const board = readBoard(doc, boardId);
	if (board === null) return null;
	const moderation = readModeration(doc, boardId);
	const listing = readVisibility(doc, boardId, moderation.admins);
	if (listing.visibility === 'private') return null;
	const { removed } = moderation;

	const posts = readPosts(doc)
		.filter(
			(p) =>
				p.listed &&
				p.status === 'open' &&
				!removed.has(p.authorId) &&
				!isHidden(moderation, 'posts', p.key)
		)
		.slice(0, SUMMARY_LIMITS.posts)
		.map((p): PublicPost => ({
			kind: p.kind,
			title: p.title,
			category: p.category,
			price: p.price
		}));

	const cowork = readCowork(doc, now, removed);
	const slotsBySpace = new Map<string, PublicSlot[]>();
	const upcoming = [...cowork.slots.values()]
		.filter(({ slot }) => slot.cancelled === null && slot.end > now)
		.sort((a, b) => a.slot.start - b.slot.start || (a.slot.key < b.slot.key ? -1 : 1));
	for (const { slot, freeSeats } of upcoming) {
		const list = slotsBySpace.get(slot.spaceKey) ?? [];
		if (list.length < SUMMARY_LIMITS.slotsPerSpace) {
			list.push({
				start: slot.start,
				end: slot.end,
				freeSeats,
				seatPriceCents: slot.seatPriceCents
			});
		}
		slotsBySpace.set(slot.spaceKey, list);
	}
	const spaces = [...cowork.spaces.values()]
		.filter((s) => s.listed && !s.archived && !removed.has(s.hostId))
		.sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1))
		.slice(0, SUMMARY_LIMITS.spaces)
		.map((s): PublicSpace => ({
			neighbourhood: s.neighbourhood,
			amenities: s.amenities,
			seats: s.seats,
			price: s.price,
			slots: slotsBySpace.get(s.key) ?? []
		}));

	let memberCount = 0;
	for (const id of readMembers(doc).keys()) if (!removed.has(id)) memberCount++;

	return {
		boardId,
		visibility: listing.visibility,
		name: board.name,
		city: board.city,
		neighbourhood: board.neighbourhood,
		description: board.description,
		placeId: listing.placeId,
		memberCount,
		questions: listing.questions,
		posts,
		spaces
	};
}
