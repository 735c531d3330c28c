/**
 * A question asked of one board's room from outside a connection (an HTTP call, a push): the room
 * is opened for the question and released after, so an idle board unloads again as usual.
 */
import type { Room } from './room';
import type { Rooms } from './rooms';
import type { Storage } from './storage';

/** `read` on the board's room, or null when the relay holds no such board. */
export async function withRoom<T>(
	rooms: Rooms,
	storage: Storage,
	boardId: string,
	read: (room: Room) => T | Promise<T>
): Promise<T | null> {
	// An unknown id must not create an empty room: nothing is loaded for it.
	if ((await storage.getRoom(boardId)) === undefined) return null;
	const room = await rooms.open(boardId);
	try {
		// Awaited here: an asynchronous read keeps the room until it is done.
		return await read(room);
	} finally {
		rooms.released(room);
	}
}
