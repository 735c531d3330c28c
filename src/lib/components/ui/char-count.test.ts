import { describe, expect, it } from 'vitest';
import { countLevel, countOf, NEAR_SHARE } from './char-count';

describe('countLevel', () => {
	it('goes quiet → near → full exactly once each while typing up to a long limit', () => {
		const max = 500;
		const levels = Array.from({ length: max + 1 }, (_, n) => countLevel(n, max));
		const changes = levels.filter((level, i) => i > 0 && level !== levels[i - 1]);
		expect(changes).toEqual(['near', 'full']);
		expect(levels.indexOf('near')).toBe(Math.ceil(max * NEAR_SHARE));
		expect(levels.indexOf('full')).toBe(max);
	});

	it('warns a few characters ahead on a short field too', () => {
		const max = 20;
		expect(countLevel(0, max)).toBe('quiet');
		expect(countLevel(max - 5, max)).toBe('near');
		expect(countLevel(max - 1, max)).toBe('near');
		expect(countLevel(max, max)).toBe('full');
	});

	it('stays full past the limit (text that came in some other way) and ignores a broken limit', () => {
		expect(countLevel(90, 80)).toBe('full');
		expect(countLevel(3, 0)).toBe('quiet');
	});
});

describe('countOf', () => {
	it('counts what maxlength counts (UTF-16 units) and treats no value as empty', () => {
		expect(countOf('é')).toBe(1);
		expect(countOf('👍')).toBe('👍'.length);
		expect(countOf(undefined)).toBe(0);
		expect(countOf(null)).toBe(0);
	});
});
