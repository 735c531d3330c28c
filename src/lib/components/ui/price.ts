/**
 * Price terms in words (issue 16): "Gratuit", "15 € de l’heure", "20 €", "Participation libre",
 * "Échange de services" / "Free", "€15 an hour"… Amounts go through Intl in the current locale,
 * so the euro sign sits where each language puts it. Shared by cards, pages, forms and the
 * directory.
 */
import { numberFormat } from '$lib/i18n/format';
import { PRICE_LIMITS, type PriceKind, type PriceTerms } from '$lib/domain/pricing/terms';
import type { Booking, Slot, Space } from '$lib/domain/cowork/types';
import { m } from '$lib/paraglide/messages.js';

/** "15 €", "12,50 €" / "€15", "€12.50": cents only when there are some. */
export function formatAmount(cents: number): string {
	if (!Number.isFinite(cents)) return '';
	const whole = cents % 100 === 0;
	return numberFormat({
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: whole ? 0 : 2,
		maximumFractionDigits: whole ? 0 : 2
	}).format(cents / 100);
}

/** The terms as a phrase; '' for posts and spaces written before terms existed. */
export function formatPrice(terms: PriceTerms | null): string {
	if (!terms) return '';
	switch (terms.kind) {
		case 'free':
			return m.price_free();
		case 'contribution':
			return m.price_contribution();
		case 'exchange':
			return m.price_exchange();
		case 'fixed':
			return formatAmount(terms.cents);
		case 'hourly':
			return m.price_hourly({ amount: formatAmount(terms.cents) });
	}
}

/** "12 € la place" / "€12 a seat". */
export function formatSeatPrice(cents: number): string {
	return m.price_per_seat({ amount: formatAmount(cents) });
}

/** A slot's terms: its seat price when it has one, else the space's terms ('' when neither). */
export function formatSlotPrice(seatPriceCents: number | null, space: PriceTerms | null): string {
	return seatPriceCents !== null ? formatSeatPrice(seatPriceCents) : formatPrice(space);
}

/**
 * What a booking comes to: the seat price times the seats ("24 € (2 × 12 €)"), else the space's
 * terms as they are.
 */
export function formatBookingPrice(
	seatPriceCents: number | null,
	seats: number,
	space: PriceTerms | null
): string {
	if (seatPriceCents === null) return formatPrice(space);
	if (seats <= 1) return formatSeatPrice(seatPriceCents);
	return m.price_booking_total({
		total: formatAmount(seatPriceCents * seats),
		seats,
		amount: formatAmount(seatPriceCents)
	});
}

/**
 * What a booking was agreed at: the terms its request recorded (pricing/agreed.ts), else, for a
 * request made before terms were recorded, what its slot and space say now.
 */
export function formatAgreedBooking(
	booking: Pick<Booking, 'agreed'> | undefined,
	slot: Pick<Slot, 'seatPriceCents'>,
	space: Pick<Space, 'price'> | null | undefined,
	seats: number
): string {
	return booking?.agreed
		? formatPrice(booking.agreed)
		: formatBookingPrice(slot.seatPriceCents, seats, space?.price ?? null);
}

/** The radio labels of the terms' form: "Prix fixe (€)", "Tarif horaire (€)"… */
export function priceKindLabel(kind: PriceKind): string {
	switch (kind) {
		case 'free':
			return m.price_kind_free();
		case 'fixed':
			return m.price_kind_fixed();
		case 'hourly':
			return m.price_kind_hourly();
		case 'contribution':
			return m.price_kind_contribution();
		case 'exchange':
			return m.price_kind_exchange();
	}
}

/** An amount field's error code ("required", "notAnAmount", "tooHigh") as a sentence. */
export function priceFieldError(code: string | undefined): string {
	if (!code) return '';
	if (code === 'required') return m.price_error_required();
	if (code === 'tooHigh')
		return m.price_error_too_high({ max: formatAmount(PRICE_LIMITS.maxCents) });
	return m.price_error_not_an_amount();
}
