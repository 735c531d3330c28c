/**
 * Who may be pushed on a board, asked at the time of sending: a member with a profile in the
 * board's doc, whom the room's policy does not refuse (removed by an admin, or this device taken
 * back by its member). Asked through
 * `withRoom` (room-read.ts) when the board is not loaded.
 */
import { readBoard } from '../../src/lib/domain/board/read';
import { readMembers } from '../../src/lib/domain/members/read';
import type { MemberDevice } from '../policy/room-policy';
import type { Room } from '../room';

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
