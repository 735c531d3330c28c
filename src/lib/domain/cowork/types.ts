/**
 * Home coworking (DESIGN.md §7): a host's spaces, the slots they open, guests' booking requests
 * and the host's decisions. Every record lives under its writer's id; a booking's state is never
 * stored, it is derived from the guest's request and the host's decisions (see booking-state.ts).
 */
import type { SealedSet } from '../identity/sealed';
import { priceInputOf, type PriceInput, type PriceTerms } from '../pricing/terms';

export const AMENITIES = [
	'wifi',
	'calls',
	'printer',
	'kitchen',
	'lunch',
	'pets',
	'step-free',
	'quiet'
] as const;
export type Amenity = (typeof AMENITIES)[number];

export const WORK_MODES = ['silent', 'quiet-chat'] as const;
export type WorkMode = (typeof WORK_MODES)[number];

export interface SpaceInput {
	title: string;
	description: string;
	city: string;
	neighbourhood: string;
	seats: number;
	amenities: Amenity[];
	workMode: WorkMode;
	houseRules: string;
	autoAccept: boolean;
	/** The terms as the form gives them; absent: an edit keeps the stored terms. */
	price?: PriceInput;
	/** "Visible dans l'annuaire"; absent: an edit keeps the stored choice, a new space is unlisted. */
	listed?: boolean;
}

/** What only confirmed guests (and the host) may read: sealed in the doc, never in clear. */
export interface PrivateDetails {
	address: string;
	access: string;
}

export interface Space extends Omit<SpaceInput, 'price' | 'listed'> {
	key: string;
	hostId: string;
	archived: boolean;
	/** The address sealed to the host's own key, so the host's devices can read and reseal it. */
	privateSealed: SealedSet | null;
	/** Bumped whenever the address changes: confirmations sealed to an older version are resealed. */
	addressVersion: number;
	/** Visible in the city directory (when the board is listed). */
	listed: boolean;
	price: PriceTerms | null;
	/** sha256 hex of each photo on the relay (domain/photos/), in the host's order. */
	photos: string[];
	createdAt: number;
	updatedAt: number;
}

/** The edit form's starting values for a stored space. */
export function spaceInputOf(space: Space): SpaceInput {
	const { title, description, city, neighbourhood, seats, workMode, houseRules, autoAccept } =
		space;
	return {
		title,
		description,
		city,
		neighbourhood,
		seats,
		amenities: [...space.amenities],
		workMode,
		houseRules,
		autoAccept,
		price: priceInputOf(space.price),
		listed: space.listed
	};
}

export interface SlotInput {
	start: number;
	end: number;
	seats: number;
	/** Requests still unanswered at this time expire; defaults to the start. */
	deadline: number | null;
	/** 0 = only this date; n = this date and the n following weeks, same local time. */
	repeatWeeks: number;
	/** A price per seat typed in euros ("12", "12,50"); '' or absent: the space's terms apply. */
	seatPrice?: string;
}

/** A slot's input once checked: the seat price in cents. */
export interface CleanSlotInput extends Omit<SlotInput, 'seatPrice'> {
	deadline: number;
	seatPriceCents: number | null;
}

export interface Slot {
	key: string;
	hostId: string;
	spaceKey: string;
	start: number;
	end: number;
	seats: number;
	deadline: number;
	seriesId: string | null;
	cancelled: { reason: string; at: number } | null;
	/** Price per seat in cents; null: the space's terms apply. */
	seatPriceCents: number | null;
	createdAt: number;
}

export interface Booking {
	key: string;
	guestId: string;
	slotKey: string;
	seats: number;
	message: string;
	createdAt: number;
	cancelled: { reason: string; at: number } | null;
	/** The terms the guest asked at (pricing/agreed.ts); null on requests made before terms. */
	agreed: PriceTerms | null;
}

/** What a host's device decided about one booking; see roster in booking-state.ts. */
export const DECISIONS = ['declined', 'confirmed', 'cancelled', 'no-show', 'released'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface RosterEntry {
	decision: Decision;
	/** The host's decision sequence number for this slot: orders confirmations across devices. */
	seq: number;
	at: number;
	/** Seats held, as the host saw them when confirming (a guest cannot enlarge them later). */
	seats: number;
	reason: string;
	sealed: SealedSet | null;
	addressVersion: number;
	/**
	 * The device that took the decision. Rosters copy each other's entries; without this, a copy
	 * would look like its copier's decision and could reorder confirmations after the fact.
	 */
	device: string;
}

/** One host device's decisions for one slot, rewritten whole by that device. */
export interface Roster {
	key: string;
	hostId: string;
	slotKey: string;
	seq: number;
	entries: Record<string, RosterEntry>;
}

export const BOOKING_STATUSES = [
	'requested',
	'waitlisted',
	'confirmed',
	'declined',
	'cancelled',
	'expired',
	'no-show',
	'over-capacity'
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface BookingState {
	bookingKey: string;
	status: BookingStatus;
	/** Seats the booking holds or asks for. */
	seats: number;
	/** For cancellations: who cancelled, why, and whether it was less than 24 h before the start. */
	cancelledBy: 'guest' | 'host' | null;
	reason: string;
	late: boolean;
	/** The confirmed guest's sealed address, when the host's device has sealed it. */
	sealed: SealedSet | null;
	/** Who said so at the door (checkin/read.ts): the slot's host welcomed, the guest arrived. */
	checkins: { host: boolean; guest: boolean };
	/** Confirmed and both sides checked in: a no-show can no longer be marked, nor stand. */
	attested: boolean;
}

export interface SlotState {
	slot: Slot;
	confirmedSeats: number;
	freeSeats: number;
	/** Bookings in this slot's host decisions or requests, keyed by booking key. */
	bookings: Map<string, BookingState>;
	/** Confirmations beyond capacity made by two of the host's devices at once: the host must act. */
	overCapacity: boolean;
	/** Requests waiting for the host now (requested, not waitlisted). */
	waiting: number;
}
