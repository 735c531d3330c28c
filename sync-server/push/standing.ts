/**
 * Who may be pushed on a board, asked at the time of sending: a member with a profile in the
 * board's doc, whom the room's policy does not refuse (removed by an admin, or this device taken
 * back by its member). Read from the room as loaded; a board that is not loaded is opened for
 * the question and released after, so an idle board is unloaded again as usual.
 */
import { readBoard } from '../../src/lib/domain/board/read';
import { readMembers } from '../../src/lib/domain/members/read';
import type { MemberDevice } from '../policy/room-policy';
import type { Room } from '../room';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';

export interface BoardStanding {
	boardName: string;
	mayReceive(device: MemberDevice): boolean;
}

export function standingOf(room: Room): BoardStanding {
	const members = readMembers(room.doc);
	const policy = room.policy;
	return {
		boardName: readBoard(room.doc, room.id)?.name ?? '',
		mayReceive: (device) => members.has(device.memberId) && policy.refusal(device) === null
	};
}

/** `read` on the board's room, or null when the relay holds no such board. */
export function withRoom<T>(
	rooms: Rooms,
	storage: Storage,
	boardId: string,
	read: (room: Room) => T
): T | null {
	// An unknown id must not create an empty room.
	if (storage.getRoom(boardId) === undefined) return null;
	const room = rooms.open(boardId);
	try {
		return read(room);
	} finally {
		rooms.released(room);
	}
}
