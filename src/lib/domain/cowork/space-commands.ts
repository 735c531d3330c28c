/** Hosts' writes: spaces and their slots. Each command is one transaction under the host's id. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION, type RawRecord } from '../board/schema';
import {
	NotAuthorError,
	NotFoundError,
	RuleError,
	ValidationError,
	type FieldErrors
} from '../errors';
import type { SealedSet } from '../identity/sealed';
import { parseRecordKey, randomId, recordKey } from '../ids';
import { cleanPrice, parseEuros, PRICE_LIMITS, type PriceTerms } from '../pricing/terms';
import { cleanText } from '../text';
import {
	AMENITIES,
	WORK_MODES,
	type CleanSlotInput,
	type SlotInput,
	type SpaceInput
} from './types';
import { BOOKING_LIMITS, SPACE_LIMITS, SpaceRecord } from './validate';

/** A slot is at most a day of work; longer is a typo in the end time. */
export const MAX_SLOT_MS = 24 * 60 * 60 * 1000;
/** Weekly repetitions in one go: a term of school holidays, not an endless series. */
export const MAX_REPEAT_WEEKS = 12;

const isWholeNumber = (n: unknown, min: number, max: number): n is number =>
	typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** A space's public fields as written; `price` and `listed` only when the input states them. */
export type CleanSpace = Omit<SpaceInput, 'price' | 'listed'> & {
	price?: PriceTerms;
	listed?: boolean;
};

export function validateSpaceInput(input: SpaceInput): CleanSpace {
	const errors: FieldErrors = {};
	const field = (name: keyof typeof SPACE_LIMITS & keyof SpaceInput, required: boolean) =>
		cleanText(input[name], name, { required, max: SPACE_LIMITS[name] }, errors);
	const clean: CleanSpace = {
		title: field('title', true),
		description: field('description', false),
		city: field('city', true),
		neighbourhood: field('neighbourhood', false),
		houseRules: field('houseRules', false),
		seats: input.seats,
		amenities: AMENITIES.filter((a) => input.amenities.includes(a)),
		workMode: input.workMode,
		autoAccept: input.autoAccept === true
	};
	if (input.price !== undefined) clean.price = cleanPrice(input.price, errors);
	if (input.listed !== undefined) clean.listed = input.listed === true;
	if (!isWholeNumber(input.seats, 1, SPACE_LIMITS.seats)) errors.seats = 'seats';
	if (!WORK_MODES.includes(input.workMode)) errors.workMode = 'required';
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}

/** The private part is checked before it is sealed (sealing happens outside the domain). */
export function validatePrivateDetails(address: string, access: string): void {
	const errors: FieldErrors = {};
	cleanText(address, 'address', { required: true, max: SPACE_LIMITS.address }, errors);
	cleanText(access, 'access', { required: false, max: SPACE_LIMITS.access }, errors);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

export function createSpace(
	doc: Y.Doc,
	hostId: string,
	input: SpaceInput,
	privateSealed: SealedSet,
	now: number,
	origin?: unknown
): string {
	const clean = validateSpaceInput(input);
	const key = recordKey(hostId, randomId());
	doc.transact(() => {
		collection(doc, ROOT.spaces).set(key, {
			schemaVersion: SCHEMA_VERSION,
			listed: false,
			price: null,
			photos: [],
			...clean,
			archived: false,
			privateSealed,
			addressVersion: 1,
			createdAt: now,
			updatedAt: now
		});
	}, origin);
	return key;
}

function own(doc: Y.Doc, name: 'spaces' | 'slots', authorId: string, key: string): RawRecord {
	if (parseRecordKey(key)?.authorId !== authorId) throw new NotAuthorError(key);
	const raw = collection(doc, ROOT[name]).get(key);
	if (!raw || typeof raw !== 'object') throw new NotFoundError(key);
	return raw as RawRecord;
}

/**
 * Replaces the host's space. A new `privateSealed` (the address changed) bumps the address
 * version, so the host's devices reseal it for every confirmed guest.
 */
export function editSpace(
	doc: Y.Doc,
	hostId: string,
	key: string,
	input: SpaceInput,
	privateSealed: SealedSet | null,
	now: number,
	origin?: unknown
): void {
	const previous = own(doc, 'spaces', hostId, key);
	const clean = validateSpaceInput(input);
	const version = typeof previous.addressVersion === 'number' ? previous.addressVersion : 0;
	doc.transact(() => {
		collection(doc, ROOT.spaces).set(key, {
			...previous,
			...clean,
			schemaVersion: SCHEMA_VERSION,
			...(privateSealed ? { privateSealed, addressVersion: version + 1 } : {}),
			updatedAt: now
		});
	}, origin);
}

/**
 * The same private details sealed to another set of my devices (I linked or removed one): the
 * address did not change, so the version stays and guests' copies are not resealed.
 */
export function resealSpaceDetails(
	doc: Y.Doc,
	hostId: string,
	key: string,
	privateSealed: SealedSet,
	origin?: unknown
): void {
	const previous = own(doc, 'spaces', hostId, key);
	doc.transact(() => {
		collection(doc, ROOT.spaces).set(key, { ...previous, privateSealed });
	}, origin);
}

export function setSpaceArchived(
	doc: Y.Doc,
	hostId: string,
	key: string,
	archived: boolean,
	now: number,
	origin?: unknown
): void {
	const previous = own(doc, 'spaces', hostId, key);
	if (previous.archived === archived) return;
	doc.transact(() => {
		collection(doc, ROOT.spaces).set(key, { ...previous, archived, updatedAt: now });
	}, origin);
}

/**
 * The host's new list of photos (one added, removed or moved: domain/photos/photo-list.ts). The
 * list is checked as the record's shape checks it, so a bad list never reaches the doc.
 */
export function setSpacePhotos(
	doc: Y.Doc,
	hostId: string,
	key: string,
	photos: readonly string[],
	now: number,
	origin?: unknown
): void {
	const previous = own(doc, 'spaces', hostId, key);
	const list = [...photos];
	if (!v.safeParse(SpaceRecord.entries.photos, list).success) throw new RuleError('photoBadList');
	doc.transact(() => {
		collection(doc, ROOT.spaces).set(key, { ...previous, photos: list, updatedAt: now });
	}, origin);
}

/** The same local time `weeks` weeks later (7 × 24 h would drift by an hour across DST). */
export function addWeeks(time: number, weeks: number): number {
	const date = new Date(time);
	date.setDate(date.getDate() + 7 * weeks);
	return date.getTime();
}

/** The typed seat price in cents; errors `seatPrice` ("notAnAmount", "tooHigh"). */
function cleanSeatPrice(text: string | undefined, errors: FieldErrors): number | null {
	if (text === undefined || text.trim() === '') return null;
	const cents = parseEuros(text);
	if (cents === null || cents < 1) errors.seatPrice = 'notAnAmount';
	else if (cents > PRICE_LIMITS.maxCents) errors.seatPrice = 'tooHigh';
	else return cents;
	return null;
}

export function validateSlotInput(
	input: SlotInput,
	spaceSeats: number,
	now: number
): CleanSlotInput {
	const errors: FieldErrors = {};
	const valid = (t: unknown) => typeof t === 'number' && Number.isFinite(t);
	if (!valid(input.start)) errors.start = 'required';
	else if (input.start <= now) errors.start = 'inPast';
	if (!valid(input.end)) errors.end = 'required';
	else if (valid(input.start) && input.end <= input.start) errors.end = 'beforeStart';
	else if (input.end - input.start > MAX_SLOT_MS) errors.end = 'tooLong';
	if (!isWholeNumber(input.seats, 1, spaceSeats)) errors.seats = 'seats';
	const deadline = input.deadline ?? input.start;
	if (!valid(deadline) || deadline > input.start) errors.deadline = 'afterStart';
	else if (deadline <= now) errors.deadline = 'inPast';
	if (!isWholeNumber(input.repeatWeeks, 0, MAX_REPEAT_WEEKS)) errors.repeatWeeks = 'repeat';
	const seatPriceCents = cleanSeatPrice(input.seatPrice, errors);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	const { start, end, seats, repeatWeeks } = input;
	return { start, end, seats, repeatWeeks, deadline, seatPriceCents };
}

/** Opens a slot, and the same slot on the following weeks when asked; returns the slot keys. */
export function createSlots(
	doc: Y.Doc,
	hostId: string,
	spaceKey: string,
	input: SlotInput,
	now: number,
	origin?: unknown
): string[] {
	const space = own(doc, 'spaces', hostId, spaceKey);
	if (space.archived === true) throw new RuleError('archived');
	const seats = typeof space.seats === 'number' ? space.seats : 0;
	const clean = validateSlotInput(input, seats, now);
	const seriesId = clean.repeatWeeks > 0 ? randomId() : null;
	const keys: string[] = [];
	doc.transact(() => {
		const slots = collection(doc, ROOT.slots);
		for (let week = 0; week <= clean.repeatWeeks; week++) {
			const key = recordKey(hostId, randomId());
			keys.push(key);
			slots.set(key, {
				schemaVersion: SCHEMA_VERSION,
				space: spaceKey,
				start: addWeeks(clean.start, week),
				end: addWeeks(clean.end, week),
				seats: clean.seats,
				deadline: addWeeks(clean.deadline, week),
				seatPriceCents: clean.seatPriceCents,
				seriesId,
				cancelled: null,
				createdAt: now
			});
		}
	}, origin);
	return keys;
}

/** Cancels a slot: every request and confirmation on it ends, with the host's reason shown. */
export function cancelSlot(
	doc: Y.Doc,
	hostId: string,
	slotKey: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	const previous = own(doc, 'slots', hostId, slotKey);
	if (previous.cancelled) return;
	if (typeof previous.end === 'number' && now >= previous.end) throw new RuleError('slotEnded');
	const errors: FieldErrors = {};
	const clean = cleanText(reason, 'reason', { required: true, max: BOOKING_LIMITS.reason }, errors);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	doc.transact(() => {
		collection(doc, ROOT.slots).set(slotKey, {
			...previous,
			cancelled: { reason: clean, at: now }
		});
	}, origin);
}
