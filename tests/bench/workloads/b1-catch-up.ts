/**
 * B1 catch-up: the phone that opened the board before has it open, online, when 50 other members
 * make 700 changes (10 edits of their posts and 4 new posts each, as R5), each change one update
 * sent by that member's own connection to the real relay, which checks and commits it and
 * forwards it to the page. Timed in the page: from the first websocket message after the changes
 * start to the post count showing every new post, and the longest main-thread task in between.
 *
 * The relay's room holds the board already, as it would after its members synced: the bench
 * writes it into the relay's SQLite (room, its token's hash, the update, each Yjs client's owner)
 * while the relay is stopped, rather than have 6,000 sittings upload it through the relay.
 */
import Database from 'better-sqlite3';
import { KeyObject } from 'node:crypto';
import * as path from 'node:path';
import * as Y from 'yjs';
import * as help from '../../../src/lib/domain/help/commands';
import { CATEGORIES, type PostInput } from '../../../src/lib/domain/help/types';
import { deriveRoomToken, hashToken } from '../../../src/lib/sync/room-token';
import { RawClient } from '../lib/client';
import type { BenchContext } from '../lib/context';
import type { Member } from '../lib/members';
import type { RoomRef } from '../peers/types';
import { quartier } from '../peers';
import { BENCH_SECRET, INIT_SCRIPT, launch } from './b1-browser';
import { ownersOf, POSTS, type BenchBoard } from './board';

const WRITERS = 50;
const EDITS_EACH = 10;
const NEW_EACH = 4;
const DB_FILE = 'quartier.sqlite';

export interface CatchUp {
	changes: number;
	edits: number;
	posts: number;
	writers: number;
	/** From the first websocket message after the changes start to every new post counted, painted. */
	shownMs: number;
	/** From the first to the last websocket message in that window: how fast the relay delivered. */
	arrivingMs: number;
	longestTaskMs: number;
	longTasks: number;
	/** Sum of each long task's time beyond 50 ms, in that window (as TBT counts it). */
	blockingMs: number;
	complete: boolean;
	shownPosts: number;
	expectedPosts: number;
}

interface Where {
	port: number;
	/** The stopped relay's data directory: its schema exists, the room does not yet. */
	relayDir: string;
	/** A phone profile that opened the board before. */
	profile: string;
	boardUrl: string;
}

export function seedRelay(relayDir: string, board: BenchBoard): string {
	const token = deriveRoomToken(board.boardId, BENCH_SECRET);
	const db = new Database(path.join(relayDir, DB_FILE));
	try {
		db.transaction(() => {
			db.prepare('INSERT INTO rooms (id, token_hash, created_at) VALUES (?, ?, ?)').run(
				board.boardId,
				hashToken(token),
				Date.now()
			);
			db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)').run(
				board.boardId,
				Buffer.from(board.update)
			);
			const bind = db.prepare('INSERT INTO client_owners (room, client, member) VALUES (?, ?, ?)');
			for (const [client, member] of ownersOf(board.update))
				bind.run(board.boardId, client, member);
		})();
	} finally {
		db.close();
	}
	return token;
}

/** A member's phone that holds the board: it syncs by state vector, not by downloading it all. */
export class PhoneClient extends RawClient {
	constructor(
		base: string,
		room: RoomRef,
		member: Member,
		private readonly holds: Uint8Array
	) {
		super(quartier.wire, base, room, member);
	}

	override stateVector(): Uint8Array {
		return this.holds;
	}
}

interface Writer {
	member: Member;
	updates: Uint8Array[];
}

/** Each writer's changes, written with the app's post commands on a replica of the board. */
export function writeChanges(board: BenchBoard): Writer[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, board.update);
	const posts = doc.getMap('posts');
	const now = Date.now();
	const used = new Set(ownersOf(board.update).keys());
	const writers: Writer[] = [];
	for (const [w, author] of board.members.slice(1, 1 + WRITERS).entries()) {
		let clientId: number;
		do clientId = 1 + Math.floor(Math.random() * 2 ** 31);
		while (used.has(clientId));
		used.add(clientId);
		// Each member's phone is a client of its own.
		doc.clientID = clientId;
		const updates: Uint8Array[] = [];
		const collect = (update: Uint8Array) => updates.push(update);
		doc.on('update', collect);
		const mine = [...posts.keys()].filter((k) => k.startsWith(`${author.memberId}:`));
		for (const key of mine.slice(0, EDITS_EACH)) {
			const { kind, title, description, category, availability, area } = posts.get(
				key
			) as PostInput;
			const input = { kind, title, category, availability, area };
			const edited = `${description} Mis à jour : aussi le mercredi.`;
			help.editPost(doc, author.memberId, key, { ...input, description: edited }, now + w);
		}
		for (let p = 0; p < NEW_EACH; p++) {
			help.createPost(
				doc,
				author.memberId,
				{
					kind: 'offer',
					category: CATEGORIES[0]!,
					title: `Nouvelle annonce ${w}-${p}`,
					description: 'Je passe avec ma caisse à outils samedi.',
					availability: 'samedi',
					area: 'Brill'
				},
				now + w
			);
		}
		doc.off('update', collect);
		const member = {
			memberId: author.memberId,
			publicKey: author.publicKey,
			privateKey: KeyObject.from(author.privateKey),
			clientId
		};
		writers.push({ member, updates });
	}
	doc.destroy();
	return writers;
}

export async function catchUp(ctx: BenchContext, board: BenchBoard, at: Where): Promise<CatchUp> {
	const token = seedRelay(at.relayDir, board);
	const writers = writeChanges(board);
	const expectedPosts = POSTS + WRITERS * NEW_EACH;
	const relay = await quartier.start({ dataDir: at.relayDir, port: at.port });
	const room = { id: board.boardId, token };
	const holds = Y.encodeStateVectorFromUpdate(board.update);
	const base = `ws://127.0.0.1:${at.port}`;
	const clients = writers.map((w) => new PhoneClient(base, room, w.member, holds));
	const context = await launch(at.profile, false);
	try {
		await context.addInitScript(INIT_SCRIPT);
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(at.boardUrl);
		// Connected and synced with the relay ("À jour"), the whole list loaded.
		await page.getByText('À jour').first().waitFor({ timeout: 180_000 });
		await page.getByText(`${POSTS} annonces`).waitFor({ timeout: 180_000 });
		await Promise.all(clients.map((c) => c.connect(60_000)));
		await page.waitForTimeout(2000);
		await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = true));
		ctx.log(`B1 catch-up: sending ${writers.length * (EDITS_EACH + NEW_EACH)} changes`);
		writers.forEach((w, i) => w.updates.forEach((u) => clients[i]!.sendUpdate(u)));
		const shownPosts = await page.evaluate(watchCount, { expected: expectedPosts });
		const times = await page.evaluate(() => {
			const w = window as unknown as {
				__firstRemote?: number;
				__lastRemote?: number;
				__shown?: number;
				__longTasks: [number, number][];
			};
			const first = w.__firstRemote ?? NaN;
			return { first, last: w.__lastRemote ?? NaN, shown: w.__shown ?? NaN, tasks: w.__longTasks };
		});
		// Incomplete runs: the window ends at the last arrival.
		const end = Number.isNaN(times.shown) ? times.last : times.shown;
		const during = times.tasks.filter(([t, d]) => t + d >= times.first && t <= end);
		return {
			changes: writers.length * (EDITS_EACH + NEW_EACH),
			edits: writers.length * EDITS_EACH,
			posts: writers.length * NEW_EACH,
			writers: writers.length,
			shownMs: times.shown - times.first,
			arrivingMs: times.last - times.first,
			longestTaskMs: Math.max(0, ...during.map(([, d]) => d)),
			longTasks: during.length,
			blockingMs: during.reduce((n, [, d]) => n + Math.max(0, d - 50), 0),
			complete: shownPosts === expectedPosts,
			shownPosts,
			expectedPosts
		};
	} finally {
		for (const c of clients) c.close();
		await context.close();
		await relay.stop();
	}
}

/**
 * Runs in the page: resolves with the post count once it reads `expected` (then painted: two
 * frames later, `__shown`), or with the last count read after five minutes. A writer's new posts
 * reach the page after its edits (one connection, forwarded in order), so every new post counted
 * means every change applied.
 */
function watchCount({ expected }: { expected: number }): Promise<number> {
	const w = window as unknown as { __shown?: number };
	const read = () => {
		for (const e of document.querySelectorAll('[role=status]')) {
			const match = /([\d\s\u00a0\u202f]+) annonces/.exec(e.textContent ?? '');
			if (match) return Number(match[1]!.replace(/\D/g, ''));
		}
		return -1;
	};
	return new Promise((resolve) => {
		// The relay delivers 700 changes to a 26 MB room slowly on a busy machine (over 2 min seen).
		const deadline = performance.now() + 300_000;
		const check = () => {
			const count = read();
			if (count === expected) {
				requestAnimationFrame(() =>
					requestAnimationFrame(() => {
						w.__shown = performance.now();
						resolve(count);
					})
				);
			} else if (performance.now() > deadline) resolve(count);
			else requestAnimationFrame(check);
		};
		check();
	});
}
