/**
 * Phones for state tests: each has its own Dexie database and its own IndexedDB for the board
 * doc, stays offline, and meets others only when a test carries updates (as the relay would).
 * Only imported by *.test.ts files.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { newBoardIdentity } from '$lib/domain/board/board-id';
import {
	openDb,
	type QuartierDb,
	type StoredBoard,
	type StoredIdentity
} from '$lib/persistence/db';
import {
	adoptProfile,
	completeLink,
	linkDevice,
	linkResponse,
	startLink
} from '$lib/persistence/device-link';
import { createIdentity } from '$lib/persistence/identity-store';
import { BoardSession } from './session.svelte';

// Node 20 has no global WebSocket; the sessions stay offline in these tests anyway.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

let run = 0;
/** Runs what the phones opened, newest first: call from the test file's afterEach. */
export async function closePhones(): Promise<void> {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
const cleanups: (() => Promise<void>)[] = [];

export interface Phone {
	session: BoardSession;
	memberId: string;
	/** This phone's identity as last stored (linking a device changes it). */
	identity: StoredIdentity;
	db: QuartierDb;
	doc: Y.Doc;
	errors: unknown[];
	reopen(): Promise<Phone>;
}

/** One phone: its own Dexie database and its own IndexedDB for the board doc. */
export async function phone(board: StoredBoard | null, name: string): Promise<Phone> {
	const db = openDb(`cowork-${++run}-${name}`);
	const identity = await createIdentity(db, name, '', 1000);
	return startPhone(board, db, identity);
}

/**
 * A second device of `of`'s member, linked the way the screens do it (request, certificate,
 * response), joined to the same board. `of` learns the new device at once.
 */
export async function linkedPhone(of: Phone, label: string): Promise<Phone> {
	const db = openDb(`cowork-${++run}-${label}`);
	const request = await startLink(db, 2000);
	const updated = await linkDevice(of.db, request, label, 3000);
	of.identity = updated;
	of.session.setIdentity(updated);
	const identity = await completeLink(db, linkResponse(updated, []));
	return startPhone(boardOf(of), db, identity);
}

async function startPhone(
	board: StoredBoard | null,
	db: QuartierDb,
	identity: StoredIdentity
): Promise<Phone> {
	const factory = new IDBFactory();
	let stored = board;
	if (!stored) {
		const { boardId, nonce } = newBoardIdentity(identity.memberId);
		const input = { name: 'Lilas', city: 'Metz', neighbourhood: '', description: '' };
		stored = {
			id: boardId,
			secret: 'secret-secret-secret',
			name: 'Lilas',
			city: 'Metz',
			joinedAt: 1
		};
		stored.creation = { nonce, input };
	}
	const boardRecord = stored;
	await db.boards.put(boardRecord);
	const errors: unknown[] = [];
	const start = async (): Promise<Phone> => {
		let phone: Phone | null = null;
		const session = new BoardSession(boardRecord, identity, {
			db,
			relayUrl: 'http://127.0.0.1:9',
			reportError: (e) => errors.push(e),
			isOnline: () => false,
			// What the app does: learn what another of my devices wrote, then republish.
			adoptProfile: (listed) => {
				adoptProfile(db, listed).then((next) => {
					if (!next || !phone) return;
					phone.identity = next;
					phone.session.setIdentity(next);
				}, errors.push.bind(errors));
			}
		});
		// y-indexeddb opens its database synchronously at the start of open(): give it this phone's.
		const shared = globalThis.indexedDB;
		globalThis.indexedDB = factory;
		const opening = session.open();
		globalThis.indexedDB = shared;
		await opening;
		let destroyed = false;
		const stop = async () => {
			if (!destroyed) await session.destroy();
			destroyed = true;
		};
		cleanups.push(stop);
		const doc = (session as unknown as { doc: Y.Doc }).doc;
		phone = {
			session,
			memberId: identity.memberId,
			identity,
			db,
			doc,
			errors,
			reopen: async () => {
				await stop();
				return start();
			}
		};
		return phone;
	};
	cleanups.push(async () => {
		db.close();
		await db.delete();
	});
	return start();
}

/** What the relay does when both phones are online: each gets what it lacks. */
export function meet(...phones: Phone[]) {
	for (const a of phones) {
		for (const b of phones) {
			if (a !== b) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
		}
	}
}

/** Polls for up to 3 s (sessions refresh and check signatures asynchronously). */
export async function until(
	condition: () => boolean | Promise<boolean>,
	what = 'condition'
): Promise<void> {
	for (let i = 0; i < 300 && !(await condition()); i++) {
		await new Promise((r) => setTimeout(r, 10));
	}
	expect(await condition(), what).toBe(true);
}

export const boardOf = (host: Phone): StoredBoard => ({
	id: host.session.id,
	secret: 'secret-secret-secret',
	name: 'Lilas',
	city: 'Metz',
	joinedAt: 2
});
