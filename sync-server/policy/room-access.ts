/**
 * Who may enter a room: the first token seen for a room claims it; afterwards only that token
 * opens it. Only a hash is stored, so a copy of the database does not hand out access.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashToken } from '../../src/lib/sync/room-token';
import type { Storage } from '../storage';

export { hashToken };

export async function tokenOpensRoom(
	storage: Storage,
	roomId: string,
	token: string
): Promise<boolean> {
	const presented = Buffer.from(hashToken(token), 'hex');
	let room = await storage.getRoom(roomId);
	if (room === undefined) {
		// Two first connections may race: the first commit wins, and both compare against it.
		await storage.createRoom(roomId, presented.toString('hex'));
		room = await storage.getRoom(roomId);
		if (room === undefined) return false;
	}
	const stored = Buffer.from(room.tokenHash, 'hex');
	// timingSafeEqual throws on unequal lengths; a damaged row must refuse, not crash.
	return stored.length === presented.length && timingSafeEqual(stored, presented);
}
