/**
 * What `deriveNotices` reads, read from a board's doc with the same rules every view applies:
 * removed members and blocked proposals are left out, invalid records are skipped.
 */
import type * as Y from 'yjs';
import { readBoard } from '../board/read';
import { joinRosters } from '../cowork/booking-state';
import { readRosters } from '../cowork/read';
import type { Space, SlotState } from '../cowork/types';
import { readCowork } from '../cowork/view';
import { readComments, readEngagements } from '../engagement/read';
import type { Comment, Engagement } from '../engagement/types';
import { readPosts } from '../help/read';
import type { HelpPost } from '../help/types';
import { readBlocks } from '../trust/blocks';
import { readModeration } from '../trust/moderation';

export interface NoticeInput {
	boardId: string;
	/** The board's name ('' before its record arrived). */
	boardName: string;
	posts: ReadonlyMap<string, HelpPost>;
	engagements: ReadonlyMap<string, Engagement>;
	comments: ReadonlyMap<string, readonly Comment[]>;
	spaces: ReadonlyMap<string, Space>;
	slots: ReadonlyMap<string, SlotState>;
	/** The guest of each booking. */
	guests: ReadonlyMap<string, { guestId: string; createdAt: number; cancelledAt: number | null }>;
	/** When the host's winning decision on each booking was taken. */
	decidedAt: ReadonlyMap<string, number>;
	removed: ReadonlySet<string>;
}

export function noticeInputFromDoc(doc: Y.Doc, boardId: string, now: number): NoticeInput {
	const moderation = readModeration(doc, boardId);
	const blocks = readBlocks(doc);
	const blockedBy = (id: string) => blocks.get(id) ?? new Set<string>();
	const engagements = readEngagements(doc, [], blockedBy);
	const cowork = readCowork(doc, now, moderation.removed, [], blockedBy);
	const decidedAt = new Map<string, number>();
	for (const rosters of readRosters(doc).values()) {
		for (const [key, entry] of joinRosters(rosters).entries) decidedAt.set(key, entry.at);
	}
	const guests = new Map<
		string,
		{ guestId: string; createdAt: number; cancelledAt: number | null }
	>();
	for (const b of cowork.bookings.values()) {
		guests.set(b.key, {
			guestId: b.guestId,
			createdAt: b.createdAt,
			cancelledAt: b.cancelled?.at ?? null
		});
	}
	return {
		boardId,
		boardName: readBoard(doc, boardId)?.name ?? '',
		posts: new Map(readPosts(doc).map((p) => [p.key, p])),
		engagements,
		comments: readComments(doc, engagements),
		spaces: cowork.spaces,
		slots: cowork.slots,
		guests,
		decidedAt,
		removed: moderation.removed
	};
}
