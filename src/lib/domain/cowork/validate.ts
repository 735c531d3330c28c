/** Shapes of cowork records as stored in the doc. Loose: newer clients' extra fields survive. */
import * as v from 'valibot';
import { KEY_MAX_CHARS, recordKeyShape, requiredText, text, time } from '../fields';
import { SealedField } from '../identity/sealed-record';
import { PHOTO_HASH_RE, PHOTOS_PER_SPACE } from '../photos/name';
import { PriceRecord, SeatPriceRecord } from '../pricing/terms';
import { AMENITIES, DECISIONS, WORK_MODES } from './types';

export const SPACE_LIMITS = {
	title: 100,
	description: 2000,
	city: 80,
	neighbourhood: 80,
	houseRules: 1000,
	address: 300,
	access: 500,
	/** A home, not an office: more seats than this is a typo. */
	seats: 20
} as const;

export const BOOKING_LIMITS = { message: 500, reason: 300 } as const;

const seats = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SPACE_LIMITS.seats));
const cancellation = v.nullish(v.object({ reason: text(BOOKING_LIMITS.reason), at: time }), null);

export const SpaceRecord = v.looseObject({
	schemaVersion: v.number(),
	title: requiredText(SPACE_LIMITS.title),
	description: text(SPACE_LIMITS.description),
	city: text(SPACE_LIMITS.city),
	neighbourhood: text(SPACE_LIMITS.neighbourhood),
	seats,
	// Amenities a newer client knows and this one does not are dropped from the view, not fatal.
	amenities: v.pipe(
		v.array(v.string()),
		v.maxLength(32),
		v.transform((list) => AMENITIES.filter((a) => list.includes(a)))
	),
	workMode: v.fallback(v.picklist(WORK_MODES), 'quiet-chat'),
	houseRules: text(SPACE_LIMITS.houseRules),
	autoAccept: v.boolean(),
	archived: v.boolean(),
	privateSealed: v.nullish(SealedField, null),
	addressVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
	/** Shown outside the board in the city directory; off unless the host ticks it. */
	listed: v.optional(v.boolean(), false),
	price: v.nullish(v.fallback(v.nullable(PriceRecord), null), null),
	/**
	 * The space's photos (issue 19), by the sha256 of their bytes on the relay; absent on spaces
	 * written before photos. A malformed hash, a repeat or too many refuse the record like any
	 * bad field: nothing else could be pointed at.
	 */
	photos: v.optional(
		v.pipe(
			v.array(v.pipe(v.string(), v.regex(PHOTO_HASH_RE))),
			v.maxLength(PHOTOS_PER_SPACE),
			v.check((list) => new Set(list).size === list.length, 'repeated photo')
		),
		[]
	),
	createdAt: time,
	updatedAt: time
});

export const SlotRecord = v.pipe(
	v.looseObject({
		schemaVersion: v.number(),
		space: recordKeyShape,
		start: time,
		end: time,
		seats,
		deadline: time,
		seriesId: v.nullish(v.string(), null),
		cancelled: cancellation,
		/** Price per seat in cents; null: the space's terms apply. */
		seatPriceCents: v.fallback(SeatPriceRecord, null),
		createdAt: time
	}),
	v.check((s) => s.end > s.start, 'end before start')
);

export const BookingRecord = v.looseObject({
	schemaVersion: v.number(),
	slot: recordKeyShape,
	seats,
	message: text(BOOKING_LIMITS.message),
	createdAt: time,
	cancelled: cancellation,
	/** The slot's terms when the guest asked (pricing/agreed.ts); null on older requests. */
	agreed: v.nullish(v.fallback(v.nullable(PriceRecord), null), null)
});

const RosterEntryRecord = v.object({
	decision: v.picklist(DECISIONS),
	seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
	at: time,
	seats,
	reason: v.optional(text(BOOKING_LIMITS.reason), ''),
	sealed: v.nullish(SealedField, null),
	addressVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
	device: v.optional(text(KEY_MAX_CHARS), '')
});

export const RosterRecord = v.looseObject({
	schemaVersion: v.number(),
	slot: recordKeyShape,
	seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
	entries: v.pipe(
		v.record(recordKeyShape, RosterEntryRecord),
		// A slot holds at most 20 seats; a host cannot have decided on more than a few hundred requests.
		v.check((e) => Object.keys(e).length <= 500, 'too many entries')
	)
});
