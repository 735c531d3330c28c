/**
 * The terms an offer, a request or a space states (Carion's helpers are paid "à leur juste
 * valeur"; Cowork@home is "moins coûteux que le coworking classique"). Quartier handles no payment:
 * terms are what neighbours agree on, and the helper or host marks an amount settled by hand.
 *
 * Amounts are whole euro cents, so nothing is ever rounded twice.
 */
import * as v from 'valibot';
import type { FieldErrors } from '../errors';

/** Terms without an amount, then terms with one. */
export const PRICE_KINDS = ['free', 'contribution', 'exchange', 'fixed', 'hourly'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

export const PRICED_KINDS = ['fixed', 'hourly'] as const;
type PricedKind = (typeof PRICED_KINDS)[number];

export type PriceTerms =
	{ kind: Exclude<PriceKind, PricedKind> } | { kind: PricedKind; cents: number };

/** 10,000 €: above any home service or seat; above it is a typo. */
export const PRICE_LIMITS = { maxCents: 1_000_000 } as const;

export const FREE: PriceTerms = { kind: 'free' };

const cents = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PRICE_LIMITS.maxCents));

/** Stored shape. A kind a newer client knows and this one does not reads as "no terms stated". */
export const PriceRecord = v.variant('kind', [
	v.object({ kind: v.picklist(['free', 'contribution', 'exchange']) }),
	v.object({ kind: v.picklist(PRICED_KINDS), cents })
]);

/** Reads a stored `price` field: null when absent or not understood (older posts state none). */
export function readPrice(raw: unknown): PriceTerms | null {
	const result = v.safeParse(PriceRecord, raw);
	return result.success ? (result.output as PriceTerms) : null;
}

/** A seat's price in cents, or null (the space's terms apply). */
export const SeatPriceRecord = v.nullish(cents, null);

export function isPriced(terms: PriceTerms): terms is { kind: PricedKind; cents: number } {
	return terms.kind === 'fixed' || terms.kind === 'hourly';
}

/** What a form gives: a kind and, for fixed and hourly terms, an amount typed in euros. */
export interface PriceInput {
	kind: PriceKind;
	/** "15", "15,50", "15.5"; ignored unless the kind has an amount. */
	euros: string;
}

/** Parses "15", "15,5", "15.50", "1 200" into cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
	const clean = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
	if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
	const [whole, fraction = ''] = clean.split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Checks a form's terms; writes `price` errors ("required", "notAnAmount", "tooHigh"). */
export function cleanPrice(input: PriceInput, errors: FieldErrors, field = 'price'): PriceTerms {
	if (!(PRICE_KINDS as readonly string[]).includes(input.kind)) {
		errors[field] = 'required';
		return FREE;
	}
	if (input.kind !== 'fixed' && input.kind !== 'hourly') return { kind: input.kind };
	if (input.euros.trim() === '') {
		errors[field] = 'required';
		return FREE;
	}
	const amount = parseEuros(input.euros);
	if (amount === null || amount < 1) errors[field] = 'notAnAmount';
	else if (amount > PRICE_LIMITS.maxCents) errors[field] = 'tooHigh';
	else return { kind: input.kind, cents: amount };
	return FREE;
}

/** The form's starting values for stored terms. */
export function priceInputOf(terms: PriceTerms | null): PriceInput {
	if (terms === null) return { kind: 'free', euros: '' };
	return isPriced(terms)
		? { kind: terms.kind, euros: (terms.cents / 100).toFixed(terms.cents % 100 ? 2 : 0) }
		: { kind: terms.kind, euros: '' };
}

/** For "gratuit uniquement" and "prix maximum": is an offer at these terms within the filter? */
export function withinBudget(
	terms: PriceTerms | null,
	filter: { freeOnly?: boolean; maxCents?: number | null }
): boolean {
	if (filter.freeOnly) return terms !== null && terms.kind === 'free';
	if (filter.maxCents == null) return true;
	// Unstated terms, a free contribution or an exchange cost no fixed amount: always within.
	return terms === null || !isPriced(terms) || terms.cents <= filter.maxCents;
}
