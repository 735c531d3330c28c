import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as help from '$lib/domain/help/commands';
import { readPosts } from '$lib/domain/help/read';
import { memberId } from '$lib/domain/test-helpers';
import { openDb, type QuartierDb } from './db';
import { newestPosts, projectBoardPosts, searchAllBoards } from './post-projection';
import * as pending from './pending-store';

const alice = memberId('alice');
const post = {
	kind: 'offer',
	category: 'diy',
	title: '',
	description: '',
	availability: '',
	area: ''
} as const;
let db: QuartierDb;
let n = 0;

beforeEach(() => {
	db = openDb(`test-${++n}`);
});
afterEach(async () => {
	await db.delete();
});

async function project(boardId: string, boardName: string, doc: Y.Doc) {
	if (!(await db.boards.get(boardId))) {
		await db.boards.put({ id: boardId, secret: 's', name: boardName, city: '', joinedAt: 1 });
	}
	await projectBoardPosts(db, {
		boardId,
		boardName,
		posts: readPosts(doc),
		authorName: () => 'Alice'
	});
}

describe('search projection across boards', () => {
	it('finds open posts in every board by word prefix, accent-insensitive', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		help.createPost(a, alice, { ...post, title: 'Réparer un vélo' }, 1);
		help.createPost(b, alice, { ...post, title: 'Vélo à prêter', category: 'other' }, 2);
		help.createPost(b, alice, { ...post, title: 'Cours de cuisine', category: 'cooking' }, 3);
		await project('board-a', 'Les Lilas', a);
		await project('board-b', 'Gare', b);
		const hits = await searchAllBoards(db, { text: 'velo' });
		expect(hits.map((h) => [h.boardName, h.title])).toEqual([
			['Gare', 'Vélo à prêter'],
			['Les Lilas', 'Réparer un vélo']
		]);
		expect(
			(await searchAllBoards(db, { text: 'vel', category: 'diy' })).map((h) => h.title)
		).toEqual(['Réparer un vélo']);
		expect(await searchAllBoards(db, { text: '' })).toHaveLength(3);
	});

	it('follows the doc: edits, closed posts and removed records leave the index', async () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, { ...post, title: 'Tondeuse' }, 1);
		const gone = help.createPost(doc, alice, { ...post, title: 'Tondeuse bis' }, 2);
		await project('b', 'B', doc);
		help.editPost(doc, alice, key, { ...post, title: 'Taille-haie' }, 3);
		doc.getMap('posts').delete(gone);
		await project('b', 'B', doc);
		expect(await searchAllBoards(db, { text: 'tondeuse' })).toEqual([]);
		expect((await searchAllBoards(db, { text: 'taille' })).map((h) => h.key)).toEqual([key]);
		help.setPostStatus(doc, alice, key, 'closed', 4);
		await project('b', 'B', doc);
		expect(await searchAllBoards(db, { text: 'taille' })).toEqual([]);
		expect(await db.postIndex.count()).toBe(1);
	});
});

describe('preview rows', () => {
	it('carry the post’s terms, so a card shows them before the doc loads', async () => {
		const doc = new Y.Doc();
		help.createPost(
			doc,
			alice,
			{ ...post, title: 'Aide PC', price: { kind: 'hourly', euros: '15' } },
			1
		);
		help.createPost(doc, alice, { ...post, title: 'Sans conditions' }, 2);
		await project('b', 'B', doc);
		const rows = await newestPosts(db, 'b', 10);
		expect(rows.map((r) => [r.title, r.price])).toEqual([
			['Sans conditions', null],
			['Aide PC', { kind: 'hourly', cents: 1500 }]
		]);
	});
});

describe('leaving a board', () => {
	it('does not let a late rebuild bring back the posts of a board that was left', async () => {
		const doc = new Y.Doc();
		help.createPost(doc, alice, { ...post, title: 'Tondeuse' }, 1);
		await project('b', 'B', doc);
		await db.boards.delete('b');
		await db.postIndex.where('boardId').equals('b').delete();
		await projectBoardPosts(db, {
			boardId: 'b',
			boardName: 'B',
			posts: readPosts(doc),
			authorName: () => ''
		});
		expect(await db.postIndex.count()).toBe(0);
	});
});

describe('pending changes', () => {
	it('counts local changes until an ack covers their clock, per board', async () => {
		await pending.recordPending(db, 'b1', 7, 3);
		await pending.recordPending(db, 'b1', 7, 5);
		await pending.recordPending(db, 'b1', 9, 1);
		await pending.recordPending(db, 'b2', 7, 1);
		expect(await pending.countPending(db, 'b1')).toBe(3);
		await pending.acknowledge(db, 'b1', new Map([[7, 4]]));
		expect(await pending.countPending(db, 'b1')).toBe(2);
		await pending.acknowledge(
			db,
			'b1',
			new Map([
				[7, 6],
				[9, 1]
			])
		);
		expect(await pending.countPending(db, 'b1')).toBe(0);
		expect(await pending.countPending(db, 'b2')).toBe(1);
	});
});

describe('projection writes only what changed', () => {
	it('rewrites nothing for an unchanged board, an edited post only, and drops deleted ones', async () => {
		const doc = new Y.Doc();
		const keys = Array.from({ length: 1200 }, (_, i) =>
			help.createPost(doc, alice, { ...post, title: `Annonce ${i}` }, i + 1)
		);
		await project('board-a', 'Les Lilas', doc);
		const stored = () => db.postIndex.where('boardId').equals('board-a').count();
		expect(await stored()).toBe(keys.length);
		const puts = vi.spyOn(db.postIndex, 'bulkPut');
		await project('board-a', 'Les Lilas', doc);
		expect(puts).not.toHaveBeenCalled();

		help.editPost(doc, alice, keys[7]!, { ...post, title: 'Perceuse' }, 5000);
		doc.getMap('posts').delete(keys[8]!);
		await project('board-a', 'Les Lilas', doc);
		expect(puts.mock.calls.flatMap(([rows]) => rows.map((r) => r.key))).toEqual([keys[7]]);
		expect(await stored()).toBe(keys.length - 1);
		expect((await searchAllBoards(db, { text: 'perceuse' })).map((r) => r.key)).toEqual([keys[7]]);
	});

	it('stores the newest posts first: the next open has its preview even if the page closed', async () => {
		const doc = new Y.Doc();
		for (let i = 0; i < 1200; i++) help.createPost(doc, alice, { ...post, title: `A ${i}` }, i + 1);
		await db.boards.put({ id: 'board-a', secret: 's', name: 'L', city: '', joinedAt: 1 });
		const puts = vi.spyOn(db.postIndex, 'bulkPut');
		await projectBoardPosts(db, {
			boardId: 'board-a',
			boardName: 'L',
			posts: readPosts(doc),
			authorName: () => 'Alice'
		});
		const first = puts.mock.calls[0]![0];
		const newest = await newestPosts(db, 'board-a', 30);
		expect(newest.every((r) => first.some((w) => w.key === r.key))).toBe(true);
		expect(puts.mock.calls.length).toBeGreaterThan(1);
	});
});
