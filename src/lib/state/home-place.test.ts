import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Place } from '$lib/domain/directory/api-types';
import { chooseHomePlace, homePlace } from './home-place';
import { fakeHost, type FakeHost } from './join-fixtures';

const LUX: Place = {
	id: 1,
	name: 'Luxembourg',
	country: 'LU',
	lat: 49.6,
	lon: 6.13,
	population: 1
};
const ESCH: Place = {
	id: 2,
	name: 'Esch-sur-Alzette',
	country: 'LU',
	lat: 49.5,
	lon: 5.98,
	population: 1
};

let host: FakeHost;
afterEach(() => host.db.delete());

describe('my city, for distances', () => {
	it('is looked up once from my first board’s city, then kept for offline use', async () => {
		const asked: string[] = [];
		host = await fakeHost({
			places: (q: string) => {
				asked.push(q);
				return Promise.resolve(q.startsWith('Esch') ? [ESCH] : [LUX]);
			}
		});
		const { db, directory } = host;
		expect(await homePlace(db, directory, '', true)).toBeNull();
		expect(await homePlace(db, directory, 'Luxembourg', true)).toEqual(LUX);
		expect(await homePlace(db, directory, 'Luxembourg', true)).toEqual(LUX);
		expect(asked).toEqual(['Luxembourg']);
		// Offline, even a new first city keeps the last place known.
		expect(await homePlace(db, directory, 'Esch', false)).toEqual(LUX);
		expect(await homePlace(db, directory, 'Esch', true)).toEqual(ESCH);
	});

	it('a city I chose wins over the guess', async () => {
		host = await fakeHost({ places: () => Promise.resolve([LUX]) });
		await chooseHomePlace(host.db, ESCH);
		expect(await homePlace(host.db, host.directory, 'Luxembourg', true)).toEqual(ESCH);
	});
});
