/**
 * BoardSession on fake-indexeddb (y-indexeddb and Dexie both run on it), offline: what a phone
 * does between two meetings with the relay.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newBoardIdentity } from '$lib/domain/board/board-id';
import { BLANK_POST } from '$lib/domain/help/types';
import { openDb, type QuartierDb, type StoredBoard } from '$lib/persistence/db';
import { createIdentity } from '$lib/persistence/identity-store';
import * as pendingStore from '$lib/persistence/pending-store';
import { BoardSession } from './session.svelte';

// Node 20 has no global WebSocket; the session stays offline in these tests anyway.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

let db: QuartierDb;
let n = 0;
const sessions: BoardSession[] = [];

afterEach(async () => {
	for (const s of sessions.splice(0)) await s.destroy();
	await db.delete();
});

async function setUp() {
	db = openDb(`session-test-${++n}`);
	const identity = await createIdentity(db, 'Amélie', '', 1000);
	const { boardId, nonce } = newBoardIdentity(identity.memberId);
	const stored: StoredBoard = {
		id: boardId,
		secret: 'secret-secret-secret-secret',
		name: 'Lilas',
		city: 'Luxembourg',
		joinedAt: 1,
		creation: {
			nonce,
			input: { name: 'Lilas', city: 'Luxembourg', neighbourhood: '', description: '' }
		}
	};
	await db.boards.put(stored);
	const errors: unknown[] = [];
	const open = () => {
		const session = new BoardSession(stored, identity, {
			db,
			relayUrl: 'http://127.0.0.1:9',
			reportError: (e) => errors.push(e),
			isOnline: () => false
		});
		sessions.push(session);
		return session;
	};
	return { identity, open, errors };
}

async function until(condition: () => boolean) {
	for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
	expect(condition()).toBe(true);
}

describe('BoardSession offline', () => {
	it('writes the board record and my signed profile, and counts them as not yet on the relay', async () => {
		const { identity, open, errors } = await setUp();
		const session = open();
		await session.open();
		expect(session.board.info).toMatchObject({ name: 'Lilas', creatorId: identity.memberId });
		expect(session.moderation.isAdmin).toBe(true);
		await until(() => session.members.all.has(identity.memberId));
		await until(() => session.pending === 2);
		expect(session.link).toBe('offline');
		expect(errors).toEqual([]);
	});

	it('keeps posts and the pending count across a reload', async () => {
		const { open } = await setUp();
		const first = open();
		await first.open();
		first.posts.create({ ...BLANK_POST, title: 'Aide informatique' });
		await until(() => first.pending === 3);
		await first.destroy();
		sessions.splice(sessions.indexOf(first), 1);

		const again = open();
		await again.open();
		expect(again.posts.list.map((p) => p.title)).toEqual(['Aide informatique']);
		await until(() => again.pending === 3);
	});

	it('forgets a counted change whose structs never reached the local copy (a tab closed between the two writes)', async () => {
		const { open } = await setUp();
		const first = open();
		await first.open();
		await until(() => first.pending === 2);
		const boardId = first.id;
		await first.destroy();
		sessions.splice(sessions.indexOf(first), 1);
		// The pending entry of a write whose y-indexeddb commit was lost with its tab: a client id
		// the copy holds nothing of, and one transaction past what it holds of a real client.
		const held = await db.pendingChanges.where('boardId').equals(boardId).toArray();
		const real = held[0]!;
		await pendingStore.recordPending(db, boardId, 0x5eed, 1, 0);
		await pendingStore.recordPending(db, boardId, real.clientId, real.clock + 4, real.clock);

		const again = open();
		await again.open();
		await until(() => again.pending === 2);
		const rows = await db.pendingChanges.where('boardId').equals(boardId).toArray();
		expect(rows).toEqual(held);
	});

	it('refuses to edit a post that is not mine', async () => {
		const { open } = await setUp();
		const session = open();
		await session.open();
		expect(() => session.posts.edit('A'.repeat(22) + ':x', BLANK_POST)).toThrow(/only the author/);
	});
});
