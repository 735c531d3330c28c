import { describe, expect, it } from 'vitest';
import { distanceKm, sortByDistance } from './distance';

const LUXEMBOURG = { lat: 49.61167, lon: 6.13 };
const ESCH = { lat: 49.49583, lon: 5.98056 };
const PARIS = { lat: 48.85341, lon: 2.3488 };

describe('distance', () => {
	it('measures great circles in kilometres', () => {
		expect(distanceKm(LUXEMBOURG, LUXEMBOURG)).toBe(0);
		expect(distanceKm(LUXEMBOURG, ESCH)).toBeGreaterThan(15);
		expect(distanceKm(LUXEMBOURG, ESCH)).toBeLessThan(18);
		expect(distanceKm(LUXEMBOURG, PARIS)).toBeGreaterThan(280);
		expect(distanceKm(LUXEMBOURG, PARIS)).toBeLessThan(295);
	});

	it('sorts nearest first, boards with no place last, and keeps the order without an origin', () => {
		const boards = [
			{ name: 'Paris', place: PARIS },
			{ name: 'Nowhere', place: null },
			{ name: 'Esch', place: ESCH }
		];
		const near = sortByDistance(boards, LUXEMBOURG, (b) => b.place).map((r) => r.item.name);
		expect(near).toEqual(['Esch', 'Paris', 'Nowhere']);
		const none = sortByDistance(boards, null, (b) => b.place);
		expect(none.map((r) => r.item.name)).toEqual(['Paris', 'Nowhere', 'Esch']);
		expect(none.every((r) => r.km === null)).toBe(true);
	});
});
