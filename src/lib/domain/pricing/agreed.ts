/**
 * The terms a booking or an engagement was agreed at, recorded when it was made so that a later
 * change of price does not rewrite what two neighbours agreed: the guest's booking request holds
 * the slot's terms, the author's acceptance holds the post's.
 */
import type { Slot, Space } from '../cowork/types';
import { PRICE_LIMITS, type PriceTerms } from './terms';

/** A seat price counts per seat booked; otherwise the space's own terms apply as they are. */
export function bookingTerms(
	slot: Pick<Slot, 'seatPriceCents'>,
	space: Pick<Space, 'price'> | undefined,
	seats: number
): PriceTerms | null {
	if (slot.seatPriceCents !== null) {
		return { kind: 'fixed', cents: Math.min(slot.seatPriceCents * seats, PRICE_LIMITS.maxCents) };
	}
	return space?.price ?? null;
}
