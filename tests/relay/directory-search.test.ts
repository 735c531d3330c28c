/**
 * Directory search through the real relay: free-text cities matched to gazetteer places, prefix
 * search ignoring accents and case, distance and name order, and what a bad query answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destroyAllClients } from './clients';
import {
	acked,
	Answers,
	idsOf,
	newTestBoard,
	until,
	type DirectoryAnswer
} from './directory-fixtures';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const LUXEMBOURG = 2960316;
const ESCH = 2960596;

describe('directory search', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess({
			direct: true,
			env: { QUARTIER_DIRECTORY_DELAY_MS: '300', QUARTIER_DIRECTORY_QUERIES_PER_IP: '100000' }
		});
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('matches free-text cities to places and finds them by prefix; sorts by distance', async () => {
		const answers = new Answers(relay);
		const esch = await newTestBoard(relay, { name: 'Voisins d’Esch', city: 'Esch-sur-Alzette' });
		esch.setVisibility('listed');
		// Typed in Luxembourgish; the admins chose the place, so it is found as Luxembourg.
		const open = await newTestBoard(relay, { name: 'Coworking Lëtzebuerg', city: 'Lëtzebuerg' });
		open.setVisibility('open', LUXEMBOURG);
		const nowhere = await newTestBoard(relay, { name: 'Zzz Nulle part', city: 'Atlantide' });
		nowhere.setVisibility('listed');
		await acked([esch.admin, open.admin, nowhere.admin]);
		await until(
			answers,
			{},
			(a) => [esch, open, nowhere].every((b) => idsOf(a).includes(b.boardId)),
			'three boards'
		);

		for (const q of ['esch', 'ESCH', 'Esch-sur', 'esch sur alz', 'alzette']) {
			const ids = idsOf(await answers.directory({ q }));
			expect(ids, q).toContain(esch.boardId);
			expect(ids, q).not.toContain(open.boardId);
		}
		for (const q of ['luxemb', 'Luxembourg', 'letzeb', 'LËTZEBUERG']) {
			expect(idsOf(await answers.directory({ q })), q).toContain(open.boardId);
		}
		const entry = (await answers.get(`/api/directory/boards/${esch.boardId}`))
			.body as DirectoryAnswer['boards'][number];
		expect(entry.place).toMatchObject({ id: ESCH, name: 'Esch-sur-Alzette' });
		const none = (await answers.get(`/api/directory/boards/${nowhere.boardId}`))
			.body as DirectoryAnswer['boards'][number];
		expect(none.place).toBeNull();
		expect(none.visibility).toBe('listed');
		const openEntry = (await answers.get(`/api/directory/boards/${open.boardId}`))
			.body as DirectoryAnswer['boards'][number];
		expect(openEntry.visibility).toBe('open');

		// From Esch: Esch first, then Luxembourg (about 20 km), the board without a place last.
		const near = idsOf(await answers.directory({ near: ESCH })).filter((id) =>
			[esch, open, nowhere].some((b) => b.boardId === id)
		);
		expect(near).toEqual([esch.boardId, open.boardId, nowhere.boardId]);
		// By name otherwise.
		const byName = (await answers.directory({ limit: 100 })).boards.map((b) => b.name);
		expect(byName).toEqual(
			[...byName].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' }))
		);
		expect(answers.leaks([open.secret, open.token, esch.secret])).toEqual([]);
	});

	it('answers bad queries with 400 invalid, and places from the gazetteer', async () => {
		const answers = new Answers(relay);
		for (const path of [
			'/api/directory?kind=everything',
			'/api/directory?category=magic',
			'/api/directory?date=2030-02-31',
			'/api/directory?date=tomorrow',
			'/api/directory?seats=0',
			'/api/directory?seats=-1',
			'/api/directory?free=yes',
			'/api/directory?maxPrice=1.5',
			'/api/directory?limit=0',
			'/api/directory?limit=101',
			'/api/directory?near=1',
			'/api/directory?kind=offer&kind=request',
			`/api/directory?q=${'a'.repeat(101)}`,
			'/api/places?limit=21',
			'/api/places?q=a&limit=x',
			'/api/places/abc',
			'/api/directory/boards/not-an-id'
		]) {
			const { status, body, headers } = await answers.get(path);
			expect([path, status, body]).toEqual([path, 400, { error: 'invalid' }]);
			expect(headers.get('cache-control')).toBe('no-store');
		}
		expect((await answers.get('/api/places/99999999')).body).toEqual({ error: 'not-found' });
		const { body } = await answers.get('/api/places?q=esch&limit=20');
		const names = (body as { places: { name: string; population: number }[] }).places;
		expect(names.map((p) => p.name)).toContain('Esch-sur-Alzette');
		expect(names.map((p) => p.population)).toEqual(
			names.map((p) => p.population).sort((a, b) => b - a)
		);
		const lux = (await answers.get('/api/places?q=luxemb')).body as { places: { id: number }[] };
		expect(lux.places[0]?.id).toBe(LUXEMBOURG);
		const post = await fetch(`${relay.url}/api/directory`, { method: 'POST' });
		expect(post.status).toBe(405);
		await post.body?.cancel();
	});
});
