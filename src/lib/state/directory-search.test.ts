import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_QUERY, type DirectoryEntry } from '$lib/domain/directory/api-types';
import { DirectoryError } from '$lib/sync/directory-client';
import { ageMinutes, DirectorySearch } from './directory-search.svelte';
import { entry, fakeHost, type FakeHost } from './join-fixtures';

const place = (id: number, name: string, lat: number, lon: number) => ({
	id,
	name,
	country: 'LU',
	lat,
	lon,
	population: 1000
});
const LUX = place(1, 'Luxembourg', 49.61167, 6.13);
const ESCH = place(2, 'Esch-sur-Alzette', 49.49583, 5.98056);
const CLERVAUX = place(3, 'Clervaux', 50.05472, 6.03139);

let host: FakeHost;
afterEach(() => host.db.delete());

describe('Découvrir', () => {
	it('keeps the last answer and shows it offline with its age', async () => {
		let boards: DirectoryEntry[] = [entry('a'.repeat(22))];
		let now = 1_000_000;
		host = await fakeHost({
			search: () => Promise.resolve({ boards, total: boards.length })
		});
		const search = new DirectorySearch(host, () => now);
		await search.search({ ...EMPTY_QUERY, q: 'luxemb' });
		expect(search.boards).toHaveLength(1);
		expect(search.cachedAt).toBeNull();

		host.online = false;
		boards = [];
		now += 5 * 60_000;
		const offline = new DirectorySearch(host, () => now);
		await offline.search({ ...EMPTY_QUERY, q: 'Luxemb' });
		expect(offline.boards.map((b) => b.boardId)).toEqual(['a'.repeat(22)]);
		expect(offline.error).toBe('unreachable');
		expect(ageMinutes(offline.cachedAt!, now)).toBe(5);
		expect(offline.cachedQuery).toBeNull();

		// Another query offline: the latest answer, saying which query it answered.
		await offline.search({ ...EMPTY_QUERY, q: 'esch' });
		expect(offline.boards).toHaveLength(1);
		expect(offline.cachedQuery?.q).toBe('luxemb');
	});

	it('falls back to the kept answer when the relay does not answer', async () => {
		let down = false;
		host = await fakeHost({
			search: () =>
				down
					? Promise.reject(new DirectoryError('unreachable'))
					: Promise.resolve({ boards: [entry('a'.repeat(22))], total: 1 })
		});
		const search = new DirectorySearch(host);
		await search.search(EMPTY_QUERY);
		down = true;
		await search.search(EMPTY_QUERY);
		expect(search.boards).toHaveLength(1);
		expect(search.cachedAt).not.toBeNull();
	});

	it('sorts by distance from my city, on the phone', async () => {
		const boards = [
			entry('c'.repeat(22), { name: 'Clervaux', place: CLERVAUX }),
			entry('n'.repeat(22), { name: 'Sans lieu', place: null }),
			entry('e'.repeat(22), { name: 'Esch', place: ESCH })
		];
		host = await fakeHost({ search: () => Promise.resolve({ boards, total: 3 }) });
		const search = new DirectorySearch(host);
		await search.search(EMPTY_QUERY);
		expect(search.shown.map((s) => s.entry.name)).toEqual(['Clervaux', 'Sans lieu', 'Esch']);
		search.origin = LUX;
		expect(search.shown.map((s) => s.entry.name)).toEqual(['Esch', 'Clervaux', 'Sans lieu']);
		expect(Math.round(search.shown[0]!.km!)).toBe(17);
	});

	it('ages in whole minutes', () => {
		expect(ageMinutes(0, 59_999)).toBe(0);
		expect(ageMinutes(0, 5 * 60_000 + 1)).toBe(5);
		expect(ageMinutes(10, 0)).toBe(0);
	});
});
