/**
 * What join requests need to know of a board, read from its document: its visibility mark
 * (listed/open, its questions, an open board's invite secret), and whether a device speaks for
 * one of its admins. The room is opened for the read and released after (`room-read.ts`). Requests are rare next to directory queries, which never load a
 * board; `listingOf` is the one place to switch to the directory index once it holds the mark.
 */
import { readVisibility, type BoardVisibility } from '../../src/lib/domain/directory/visibility';
import { adminsOf } from '../../src/lib/domain/trust/moderation';
import type { MemberDevice } from '../policy/room-policy';
import type { Room } from '../room';
import { withRoom as withRoomOf } from '../room-read';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';

export type AdminStanding = 'admin' | 'not-admin' | 'unknown-board';

export interface BoardFacts {
	/** The board's visibility, or null when the relay holds no such board. */
	listingOf(boardId: string): Promise<BoardVisibility | null>;
	/**
	 * An admin, with this device not refused by the room's policy (a member removed, or a device
	 * its member took back)?
	 */
	standingOf(boardId: string, device: MemberDevice): Promise<AdminStanding>;
}

export function boardFactsFromDocuments(rooms: Rooms, storage: Storage): BoardFacts {
	const withRoom = <T>(boardId: string, read: (room: Room) => T) =>
		withRoomOf(rooms, storage, boardId, read);
	return {
		listingOf: (boardId) => withRoom(boardId, (room) => readVisibility(room.doc, boardId)),
		standingOf: async (boardId, device) =>
			(await withRoom(boardId, (room): AdminStanding => {
				if (room.policy.refusal(device) !== null) return 'not-admin';
				return adminsOf(room.doc, boardId).has(device.memberId) ? 'admin' : 'not-admin';
			})) ?? 'unknown-board'
	};
}
