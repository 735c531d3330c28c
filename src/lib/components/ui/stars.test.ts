import { describe, expect, it } from 'vitest';
import { MAX_STARS, starFill, starsAfterKey } from './stars';

describe('starsAfterKey', () => {
	it('moves one star with the arrows and stops at both ends instead of wrapping', () => {
		for (let stars = 1; stars <= MAX_STARS; stars++) {
			expect(starsAfterKey(stars, 'ArrowRight')).toBe(Math.min(MAX_STARS, stars + 1));
			expect(starsAfterKey(stars, 'ArrowUp')).toBe(Math.min(MAX_STARS, stars + 1));
			expect(starsAfterKey(stars, 'ArrowLeft')).toBe(Math.max(1, stars - 1));
			expect(starsAfterKey(stars, 'ArrowDown')).toBe(Math.max(1, stars - 1));
		}
	});

	it('starts from nothing chosen: any arrow gives one star, never zero', () => {
		expect(starsAfterKey(null, 'ArrowRight')).toBe(1);
		expect(starsAfterKey(null, 'ArrowLeft')).toBe(1);
	});

	it('jumps with Home/End and picks with a digit within the scale', () => {
		expect(starsAfterKey(3, 'Home')).toBe(1);
		expect(starsAfterKey(null, 'End')).toBe(MAX_STARS);
		expect(starsAfterKey(1, '4')).toBe(4);
		expect(starsAfterKey(2, String(MAX_STARS + 1))).toBeUndefined();
		expect(starsAfterKey(2, '0')).toBeUndefined();
	});

	it('leaves other keys to the browser', () => {
		for (const key of ['Tab', ' ', 'Enter', 'a', 'Escape'])
			expect(starsAfterKey(2, key)).toBeUndefined();
	});

	it('follows a smaller scale', () => {
		expect(starsAfterKey(3, 'ArrowRight', 3)).toBe(3);
		expect(starsAfterKey(null, 'End', 3)).toBe(3);
	});
});

describe('starFill', () => {
	it('fills whole stars below the average, a part of the next, none after', () => {
		const average = 3.4;
		const fills = [1, 2, 3, 4, 5].map((i) => starFill(average, i));
		expect(fills.slice(0, 3)).toEqual([1, 1, 1]);
		expect(fills[3]).toBeCloseTo(average - 3);
		expect(fills[4]).toBe(0);
		// The fills add up to the average: the picture says the number.
		expect(fills.reduce((a, b) => a + b, 0)).toBeCloseTo(average);
	});

	it('draws nothing for a missing or broken average', () => {
		expect(starFill(Number.NaN, 1)).toBe(0);
		expect(starFill(-2, 1)).toBe(0);
	});
});
