/**
 * In-process, with a disk that commits only when told to: what a sync step 2 carries must already
 * be committed. The real relay commits in a millisecond, too fast to catch in the act; the
 * convergence test found the consequence (a crash after such a catch-up left an honest member
 * holding another member's update that the restarted relay had lost, and refused from him).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Connection, type ConnectionContext } from '../../sync-server/connection';
import { Room } from '../../sync-server/room';
import type { Rooms } from '../../sync-server/rooms';
import type { Storage } from '../../sync-server/storage';
import { POSTS, syncFrame, testMember, type TestMember } from './clients';
import { fakeSocket } from './held-disk';

/** Storage whose appends wait until `commitAll` (nothing is ever read back). */
function slowDisk() {
	const waiting: (() => void)[] = [];
	let seq = 0;
	const storage = {
		getRoom: () => Promise.resolve(undefined),
		createRoom: () => Promise.resolve(),
		loadUpdates: () => Promise.resolve({ updates: [], seqs: [] }),
		loadClientOwners: () => Promise.resolve(new Map<number, string>()),
		bindClients: () => Promise.resolve(),
		append: () => new Promise<number>((resolve) => waiting.push(() => resolve(++seq))),
		replaceUpdates: () => Promise.resolve(++seq),
		sql: {
			schema: () => {},
			write: () => Promise.resolve(0),
			read: () => ({ all: () => Promise.resolve([]), get: () => Promise.resolve(undefined) })
		},
		ping: () => Promise.resolve(),
		close: () => Promise.resolve()
	} satisfies Storage;
	return {
		storage,
		commitAll: async () => {
			for (const commit of waiting.splice(0)) commit();
			await new Promise((resolve) => setImmediate(resolve));
		}
	};
}

describe('catch-up and commits', () => {
	it('sends a sync step 2 only once everything in it is committed', async () => {
		const { storage, commitAll } = slowDisk();
		const log = pino({ level: 'silent' });
		const room = await Room.load('room', storage, log, 2 ** 30);
		const ctx: ConnectionContext = {
			rooms: { released: () => {}, unload: () => Promise.resolve() } as unknown as Rooms,
			limits: {
				maxRefusals: 20,
				maxAwarenessBytes: 4096,
				maxBufferedBytes: 2 ** 24,
				messagesPerSecond: 100,
				bytesPerSecond: 2 ** 21
			},
			log,
			warn: () => {},
			error: () => {},
			isClosing: () => false
		};
		const alice = testMember();
		const aliceDoc = new Y.Doc();
		const a = fakeSocket();
		const b = fakeSocket();
		const speaker = (member: TestMember, clientId: number) => ({
			memberId: member.memberId,
			clientId,
			deviceKey: member.publicKey,
			chain: member.chain
		});
		new Connection(a.ws, room, ctx, speaker(alice, aliceDoc.clientID)).start([]);
		new Connection(b.ws, room, ctx, speaker(testMember(), 7)).start([]);

		aliceDoc.getMap(POSTS).set(alice.key('fresh'), 'pas encore sur le disque');
		a.deliver(syncFrame(Y.encodeStateAsUpdate(aliceDoc)));
		const before = b.sent.length;
		b.deliver(syncFrame(Y.encodeStateVector(new Y.Doc()), 0));
		await new Promise((resolve) => setImmediate(resolve));
		// In the relay's doc, not on disk: Bob's catch-up waits.
		expect(room.doc.getMap(POSTS).get(alice.key('fresh'))).toBe('pas encore sur le disque');
		expect(b.sent.slice(before).filter(isStep2)).toEqual([]);

		await commitAll();
		const step2 = b.sent.slice(before).filter(isStep2);
		expect(step2).toHaveLength(1);
		expect(Buffer.from(step2[0] ?? []).toString('latin1')).toContain('pas encore sur le disque');
	});
});

const isStep2 = (frame: Uint8Array): boolean => frame[0] === 0 && frame[1] === 1;
