/**
 * Export → wipe → import through AppState, and files that must be refused without a trace. Each
 * "device" has its own Dexie database and its own IndexedDB factory for the board docs, so a new
 * device really starts empty.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { toBase64, toBase64UrlEncoded } from 'lib0/buffer';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importProblemMessage } from '$lib/components/app/settings-labels';
import * as helpRead from '$lib/domain/help/read';
import type { PostInput } from '$lib/domain/help/types';
import { MAX_EXPORT_BYTES, type ExportFile } from '$lib/domain/transfer/export-file';
import { readBoardState } from '$lib/persistence/board-doc';
import { AppState } from './app.svelte';
import { exportAllData, importFile, importText } from './data-transfer';
import { until } from './board/test-phones';

const POST: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: 'Aide informatique',
	description: 'Imprimantes et sauvegardes.',
	availability: 'le soir',
	area: ''
};
const BOARD = { name: 'Lilas', city: 'Metz', neighbourhood: '', description: '' };

const shared = globalThis.indexedDB;
const apps: AppState[] = [];
let devices = 0;

afterEach(async () => {
	for (const app of apps.splice(0)) {
		await Promise.all(app.allSessions().map((s) => s.destroy()));
		app.destroy();
	}
	globalThis.indexedDB = shared;
});

/** A new phone: empty storage, an identity, offline (the relay is never reached here). */
async function device(name: string): Promise<AppState> {
	// y-indexeddb opens board docs through the global factory: this device's from now on.
	globalThis.indexedDB = new IDBFactory();
	const app = new AppState('http://127.0.0.1:9', `transfer-${++devices}-${name}`);
	app.online = false;
	apps.push(app);
	await app.createIdentity(name, 'Voisine du 3e');
	return app;
}

async function loaded(app: AppState, boardId: string) {
	await until(() => app.session(boardId)?.loaded === true, `board ${boardId} loaded`);
	return app.session(boardId)!;
}

/** Device A with two boards, a post on the first; its export file's text. */
async function exportedFrom(): Promise<{ text: string; ids: string[] }> {
	const a = await device('Ana');
	const lilas = await a.createBoard(BOARD);
	const gare = await a.createBoard({ ...BOARD, name: 'Gare', city: 'Esch' });
	(await loaded(a, lilas)).posts.create(POST);
	await until(() => a.session(gare)?.board.info?.name === 'Gare', 'Gare record written');
	const { text } = await exportAllData(
		a,
		'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
		Date.UTC(2026, 10, 23)
	);
	return { text, ids: [lilas, gare] };
}

/** What a device holds: its boards table and every board doc it stored. */
async function snapshot(app: AppState) {
	const boards = await app.db.boards.toArray();
	const docs: Record<string, number[]> = {};
	for (const b of boards) docs[b.id] = [...(await readBoardState(b.id))];
	const databases = (await indexedDB.databases()).map((d) => d.name).sort();
	return { boards, docs, databases };
}

async function sha(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return toBase64UrlEncoded(new Uint8Array(digest));
}

describe('export and import of all my data', () => {
	it('export → new device → import restores both boards and the post, offline', async () => {
		const { text, ids } = await exportedFrom();
		const file = JSON.parse(text) as ExportFile;
		expect(file.format).toBe('quartier-export');
		expect(file.version).toBe(1);
		expect(file.exportedAt).toBe('2026-11-23T00:00:00.000Z');
		expect(Object.keys(file.identity).sort()).toEqual(
			['bio', 'encryptionKey', 'memberId', 'memberSince', 'name', 'publicKey'].sort()
		);
		expect(text).not.toMatch(/private/i);
		expect(file.boards.map((b) => b.name)).toEqual(['Lilas', 'Gare']);
		expect(file.boards[0]!.secret).toMatch(/^[A-Za-z0-9_-]{44}$/);
		const content = file.boards[0]!.content as Record<string, Record<string, { title?: string }>>;
		expect(Object.values(content.posts!).map((p) => p.title)).toEqual([POST.title]);
		expect(file.bookingsIcs).toContain('BEGIN:VCALENDAR');

		// A wiped phone: nothing of A's storage is reachable any more.
		const b = await device('Ana bis');
		const outcome = await importText(b, text);
		expect(outcome).toEqual({ ok: true, restored: ['Lilas', 'Gare'], present: [] });
		expect(b.boards.map((x) => x.id)).toEqual(ids);
		expect(b.secretOf(ids[0]!)).toBe(file.boards[0]!.secret);
		const lilas = await loaded(b, ids[0]!);
		await until(() => lilas.posts.list.some((p) => p.title === POST.title), 'post shown on B');
		expect(lilas.board.info?.name).toBe('Lilas');
		// Not trusted until the relay confirms it (issue 18): marked, and said so.
		expect(b.boards.every((x) => typeof x.unconfirmed?.importedAt === 'number')).toBe(true);
		expect(lilas.unconfirmed).toBe(true);
		// Stored on B, not only in memory: what a reload would read.
		const stored = new Y.Doc();
		Y.applyUpdate(stored, await readBoardState(ids[0]!));
		expect(helpRead.readPosts(stored, []).map((p) => p.title)).toEqual([POST.title]);

		// Importing again restores nothing and touches nothing.
		expect(await importText(b, text)).toEqual({
			ok: true,
			restored: [],
			present: ['Lilas', 'Gare']
		});
		expect(b.boards).toHaveLength(2);
	});

	describe('a bad file is refused with its reason and changes nothing', () => {
		const garbage = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);
		const cases: [string, (text: string) => Promise<string>, string][] = [
			['JSON cut in half', async (t) => t.slice(0, t.length / 2), 'not-json'],
			['not JSON at all', async () => 'BEGIN:VCALENDAR', 'not-json'],
			['JSON of something else', async () => JSON.stringify({ hello: 'world' }), 'not-an-export'],
			[
				'a newer version',
				async (t) => JSON.stringify({ ...JSON.parse(t), version: 2 }),
				'newer-version'
			],
			[
				'an id not shaped like ours',
				async (t) => edit(t, (f) => (f.boards[1]!.id = 'abc')),
				'invalid'
			],
			['an empty secret', async (t) => edit(t, (f) => (f.boards[1]!.secret = '')), 'invalid'],
			[
				'truncated base64',
				async (t) => edit(t, (f) => (f.boards[1]!.state = f.boards[1]!.state.slice(0, -3))),
				'bad-encoding'
			],
			[
				'bytes changed',
				async (t) =>
					edit(t, (f) => {
						const s = f.boards[1]!.state;
						const i = Math.floor(s.length / 2);
						f.boards[1]!.state = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
					}),
				'altered'
			],
			[
				'an update Yjs cannot decode (with a matching checksum)',
				async (t) => {
					const f = JSON.parse(t) as ExportFile;
					f.boards[1]!.state = toBase64(garbage);
					f.boards[1]!.stateSha256 = await sha(garbage);
					return JSON.stringify(f);
				},
				'unreadable'
			],
			[
				'the same board twice',
				async (t) => edit(t, (f) => f.boards.push(f.boards[0]!)),
				'duplicate-board'
			]
		];

		it('a file over the cap is refused before it is read', async () => {
			const b = await device('Bea');
			const huge = {
				size: MAX_EXPORT_BYTES + 1,
				text: () => Promise.reject(new Error('read'))
			} as unknown as Blob;
			expect(await importFile(b, huge)).toEqual({ ok: false, problem: { code: 'too-big' } });
			expect(await b.db.boards.count()).toBe(0);
		});

		it.each(cases)('%s', async (_what, corrupt, code) => {
			const { text } = await exportedFrom();
			// The new device already has a board of its own: it must stay exactly as it is.
			const b = await device('Bea');
			const own = await b.createBoard({ ...BOARD, name: 'Chez Bea' });
			(await loaded(b, own)).posts.create({ ...POST, title: 'Tonte de pelouse' });
			const before = await snapshot(b);

			const outcome = await importText(b, await corrupt(text));
			expect(outcome.ok).toBe(false);
			if (outcome.ok) return;
			expect(outcome.problem.code).toBe(code);
			expect(importProblemMessage(outcome.problem)).toMatch(
				/\S.* Rien n’a été modifié sur cet appareil\.$/
			);
			expect(b.boards.map((x) => x.id)).toEqual([own]);
			expect(await snapshot(b)).toEqual(before);
		});
	});
});

function edit(text: string, change: (file: ExportFile) => void): string {
	const file = JSON.parse(text) as ExportFile;
	change(file);
	return JSON.stringify(file);
}
