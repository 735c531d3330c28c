/**
 * Price terms in words for the directory screens: "Gratuit", "15 € de l'heure". A small
 * formatter of our own: the board's cards get theirs from the price-terms work (issue 16).
 */
import { formatNumber } from '$lib/i18n/format';
import type { PriceTerms } from '$lib/domain/pricing/terms';
import { m } from '$lib/paraglide/messages.js';

/** "15 €", "12,50 €": cents only when there are some. */
export function euros(cents: number): string {
	const digits = cents % 100 === 0 ? 0 : 2;
	return formatNumber(cents / 100, {
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
}

/** The terms in words; '' when none are stated. */
export function priceText(terms: PriceTerms | null): string {
	if (terms === null) return '';
	switch (terms.kind) {
		case 'free':
			return m.discover_price_free();
		case 'contribution':
			return m.discover_price_contribution();
		case 'exchange':
			return m.discover_price_exchange();
		case 'fixed':
			return euros(terms.cents);
		case 'hourly':
			return m.discover_price_hourly({ amount: euros(terms.cents) });
	}
}

export function seatPriceText(cents: number | null): string {
	return cents === null ? '' : m.discover_seat_price({ amount: euros(cents) });
}
