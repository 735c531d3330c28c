import { describe, expect, it } from 'vitest';
import { withLocale } from '$lib/i18n/testing';
import {
	formatAmount,
	formatBookingPrice,
	formatPrice,
	formatSlotPrice,
	priceFieldError
} from './price';

// Intl puts a (narrow) no-break space between the amount and the euro sign in French.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('price terms in words', () => {
	it('say each kind of terms in French', () => {
		expect(formatPrice({ kind: 'free' })).toBe('Gratuit');
		expect(plain(formatPrice({ kind: 'hourly', cents: 1500 }))).toBe('15 € de l’heure');
		expect(plain(formatPrice({ kind: 'fixed', cents: 2000 }))).toBe('20 €');
		expect(plain(formatPrice({ kind: 'fixed', cents: 1250 }))).toBe('12,50 €');
		expect(formatPrice({ kind: 'contribution' })).toBe('Participation libre');
		expect(formatPrice({ kind: 'exchange' })).toBe('Échange de services');
		expect(formatPrice(null)).toBe('');
	});

	it('say them in English, with the euro sign first', () => {
		withLocale('en', () => {
			expect(formatPrice({ kind: 'free' })).toBe('Free');
			expect(formatPrice({ kind: 'hourly', cents: 1500 })).toBe('€15 an hour');
			expect(formatPrice({ kind: 'fixed', cents: 1250 })).toBe('€12.50');
			expect(formatPrice({ kind: 'exchange' })).toBe('Exchange of services');
			expect(formatAmount(120000)).toBe('€1,200');
		});
	});

	it('price a slot and a booking by the seat, else by the space’s terms', () => {
		const space = { kind: 'contribution' } as const;
		expect(plain(formatSlotPrice(1200, space))).toBe('12 € la place');
		expect(formatSlotPrice(null, space)).toBe('Participation libre');
		expect(plain(formatBookingPrice(1200, 2, space))).toBe('24 € (2 × 12 €)');
		expect(plain(formatBookingPrice(1200, 1, space))).toBe('12 € la place');
		expect(formatBookingPrice(null, 3, space)).toBe('Participation libre');
		expect(formatAmount(Number.NaN)).toBe('');
	});

	it('put amount errors into plain words', () => {
		expect(priceFieldError('required')).toBe('Merci d’indiquer un montant.');
		expect(priceFieldError('notAnAmount')).toMatch(/^Ce n’est pas un montant/);
		expect(plain(priceFieldError('tooHigh'))).toBe('Le montant ne peut pas dépasser 10 000 €.');
		expect(priceFieldError(undefined)).toBe('');
	});
});
