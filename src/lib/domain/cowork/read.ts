/** Validated cowork records of a board doc. Invalid ones are reported, never thrown. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, type RootName } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { firstIssue } from '../fields';
import { parseRecordKey } from '../ids';
import { readPrice } from '../pricing/terms';
import type { Booking, Roster, Slot, Space } from './types';
import { BookingRecord, RosterRecord, SlotRecord, SpaceRecord } from './validate';

type Schema = typeof SpaceRecord | typeof SlotRecord | typeof BookingRecord | typeof RosterRecord;

/** Calls `use` with each record that has a well-formed key and passes its schema. */
function eachValid<S extends Schema>(
	doc: Y.Doc,
	name: RootName,
	schema: S,
	invalid: InvalidRecord[],
	use: (key: string, authorId: string, record: v.InferOutput<S>) => string | void
): void {
	collection(doc, name).forEach((raw, key) => {
		const parsed = parseRecordKey(key);
		if (!parsed) {
			invalid.push({ collection: name, key, reason: 'bad key' });
			return;
		}
		const result = v.safeParse(schema, raw);
		if (!result.success) {
			invalid.push({ collection: name, key, reason: firstIssue(result) });
			return;
		}
		const refusal = use(key, parsed.authorId, result.output as v.InferOutput<S>);
		if (refusal) invalid.push({ collection: name, key, reason: refusal });
	});
}

const authorOf = (key: string) => parseRecordKey(key)?.authorId;

export function readSpaces(doc: Y.Doc, invalid: InvalidRecord[] = []): Map<string, Space> {
	const spaces = new Map<string, Space>();
	eachValid(doc, ROOT.spaces, SpaceRecord, invalid, (key, hostId, r) => {
		spaces.set(key, {
			key,
			hostId,
			title: r.title,
			description: r.description,
			city: r.city,
			neighbourhood: r.neighbourhood,
			seats: r.seats,
			amenities: r.amenities,
			workMode: r.workMode,
			houseRules: r.houseRules,
			autoAccept: r.autoAccept,
			archived: r.archived,
			privateSealed: r.privateSealed,
			addressVersion: r.addressVersion,
			listed: r.listed,
			price: readPrice(r.price),
			photos: r.photos,
			createdAt: r.createdAt,
			updatedAt: r.updatedAt
		});
	});
	return spaces;
}

/** Slots of a space of their own host (a slot pointing at someone else's space is a forgery). */
export function readSlots(doc: Y.Doc, invalid: InvalidRecord[] = []): Map<string, Slot> {
	const slots = new Map<string, Slot>();
	eachValid(doc, ROOT.slots, SlotRecord, invalid, (key, hostId, r) => {
		if (authorOf(r.space) !== hostId) return 'space of another member';
		slots.set(key, {
			key,
			hostId,
			spaceKey: r.space,
			start: r.start,
			end: r.end,
			seats: r.seats,
			deadline: Math.min(r.deadline, r.start),
			seriesId: r.seriesId,
			cancelled: r.cancelled,
			seatPriceCents: r.seatPriceCents,
			createdAt: r.createdAt
		});
	});
	return slots;
}

export function readBookings(doc: Y.Doc, invalid: InvalidRecord[] = []): Map<string, Booking> {
	const bookings = new Map<string, Booking>();
	eachValid(doc, ROOT.bookings, BookingRecord, invalid, (key, guestId, r) => {
		if (authorOf(r.slot) === guestId) return 'booking of own slot';
		bookings.set(key, {
			key,
			guestId,
			slotKey: r.slot,
			seats: r.seats,
			message: r.message,
			createdAt: r.createdAt,
			cancelled: r.cancelled,
			agreed: readPrice(r.agreed)
		});
	});
	return bookings;
}

/** Host decision records, grouped by slot. Only the slot's host may decide about it. */
export function readRosters(doc: Y.Doc, invalid: InvalidRecord[] = []): Map<string, Roster[]> {
	const bySlot = new Map<string, Roster[]>();
	eachValid(doc, ROOT.rosters, RosterRecord, invalid, (key, hostId, r) => {
		if (authorOf(r.slot) !== hostId) return 'decisions about a slot of another member';
		const list = bySlot.get(r.slot) ?? [];
		list.push({ key, hostId, slotKey: r.slot, seq: r.seq, entries: r.entries });
		bySlot.set(r.slot, list);
	});
	return bySlot;
}
