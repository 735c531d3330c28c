/**
 * Correctness after every relay workload: a fresh full client syncs each room and must end with
 * exactly the document made of every update the generator sent there.
 */
import * as Y from 'yjs';
import type { Peer, RoomRef } from '../peers/types';
import { DocClient } from './client';
import { newMember } from './members';

export interface RoomExpectation {
	room: RoomRef;
	/** Every update sent to the room, in any order. */
	updates: Uint8Array[];
}

export interface Verdict {
	rooms: number;
	differ: number;
	/** Rooms whose verifying client could not sync. */
	failed: number;
}

export function docsEqual(a: Y.Doc, b: Y.Doc): boolean {
	const sv = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort());
	if (sv(a) !== sv(b)) return false;
	for (const name of ['posts', 'bookings']) {
		const entries = (d: Y.Doc) =>
			JSON.stringify([...d.getMap(name).entries()].sort(([x], [y]) => (x < y ? -1 : 1)));
		if (entries(a) !== entries(b)) return false;
	}
	return true;
}

export async function verifyRooms(
	peer: Peer,
	base: string,
	expectations: RoomExpectation[],
	concurrency = 20
): Promise<Verdict> {
	const verdict: Verdict = { rooms: expectations.length, differ: 0, failed: 0 };
	const queue = [...expectations];
	const worker = async () => {
		for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
			const expected = new Y.Doc();
			for (const update of next.updates) Y.applyUpdate(expected, update);
			const client = new DocClient(peer.wire, base, next.room, newMember());
			try {
				await client.connect(30_000);
				if (!docsEqual(client.doc, expected)) verdict.differ++;
			} catch {
				verdict.failed++;
			} finally {
				client.close();
				expected.destroy();
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return verdict;
}

export function verdictText(v: Verdict | null): string {
	if (v === null) return 'n/a';
	if (v.differ === 0 && v.failed === 0) return `identical (${v.rooms} rooms)`;
	return `${v.differ} of ${v.rooms} rooms differ, ${v.failed} unreachable`;
}
