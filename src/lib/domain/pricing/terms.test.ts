import { describe, expect, it } from 'vitest';
import type { FieldErrors } from '../errors';
import { cleanPrice, parseEuros, priceInputOf, readPrice, withinBudget } from './terms';

describe('price terms', () => {
	it('reads amounts as people type them, in whole cents', () => {
		expect(parseEuros('15')).toBe(1500);
		expect(parseEuros('15,5')).toBe(1550);
		expect(parseEuros('15.50 €')).toBe(1550);
		expect(parseEuros('1 200')).toBe(120000);
		expect(parseEuros('0,05')).toBe(5);
		for (const bad of ['', 'quinze', '15,555', '-3', '1e3', '15,'])
			expect(parseEuros(bad)).toBeNull();
	});

	it('checks a form: an amount only for fixed and hourly terms, within the cap', () => {
		const check = (kind: string, euros: string) => {
			const errors: FieldErrors = {};
			const terms = cleanPrice({ kind: kind as never, euros }, errors);
			return { terms, error: errors.price };
		};
		expect(check('hourly', '15')).toEqual({
			terms: { kind: 'hourly', cents: 1500 },
			error: undefined
		});
		expect(check('exchange', 'ignored')).toEqual({ terms: { kind: 'exchange' }, error: undefined });
		expect(check('fixed', '').error).toBe('required');
		expect(check('fixed', 'abc').error).toBe('notAnAmount');
		expect(check('fixed', '0').error).toBe('notAnAmount');
		expect(check('fixed', '10000,01').error).toBe('tooHigh');
		expect(check('barter', '').error).toBe('required');
	});

	it('reads stored terms defensively: unknown or broken terms are "none stated"', () => {
		expect(readPrice({ kind: 'fixed', cents: 2000 })).toEqual({ kind: 'fixed', cents: 2000 });
		expect(readPrice({ kind: 'free' })).toEqual({ kind: 'free' });
		expect(readPrice({ kind: 'fixed' })).toBeNull();
		expect(readPrice({ kind: 'fixed', cents: 1.5 })).toBeNull();
		expect(readPrice({ kind: 'crypto', cents: 1 })).toBeNull();
		expect(readPrice(undefined)).toBeNull();
	});

	it('gives a form back what it stored', () => {
		expect(priceInputOf({ kind: 'hourly', cents: 1550 })).toEqual({
			kind: 'hourly',
			euros: '15.50'
		});
		expect(priceInputOf({ kind: 'fixed', cents: 2000 })).toEqual({ kind: 'fixed', euros: '20' });
		expect(priceInputOf(null)).toEqual({ kind: 'free', euros: '' });
	});

	it('filters "free only" and by a maximum price', () => {
		expect(withinBudget({ kind: 'free' }, { freeOnly: true })).toBe(true);
		expect(withinBudget({ kind: 'contribution' }, { freeOnly: true })).toBe(false);
		expect(withinBudget(null, { freeOnly: true })).toBe(false);
		expect(withinBudget({ kind: 'hourly', cents: 1500 }, { maxCents: 1500 })).toBe(true);
		expect(withinBudget({ kind: 'hourly', cents: 1501 }, { maxCents: 1500 })).toBe(false);
		expect(withinBudget({ kind: 'exchange' }, { maxCents: 0 })).toBe(true);
		expect(withinBudget({ kind: 'fixed', cents: 99_999 }, {})).toBe(true);
	});
});
