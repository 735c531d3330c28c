/**
 * Ratings after a service (issue 4). A rating is valid for every view only when:
 * - it sits under the one key its rater may use for that service (`ratingKey`): a second rating
 *   for the same engagement or booking has nowhere to go;
 * - its rater took part and rates the other participant, and the service is finished (an
 *   engagement marked done and not disputed, or a confirmed booking whose slot has ended);
 * - it was last edited within 14 days of being written;
 * - it carries the rater's signature (checked against their member record): a rating written
 *   under someone else's key prefix — which only a hostile client or relay could even try —
 *   is ignored, not merely refused by our relay.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import type { Booking, SlotState } from '../cowork/types';
import type { Engagement } from '../engagement/types';
import { RuleError, ValidationError, type FieldErrors } from '../errors';
import { firstIssue, recordKeyShape, signingKey, text, time } from '../fields';
import type { SealedSet } from '../identity/sealed';
import { SealedField } from '../identity/sealed-record';
import { signBytes, verifyBytes } from '../identity/keys';
import { hashId, parseRecordKey, recordKey } from '../ids';
import { toBase64UrlEncoded } from 'lib0/buffer';
import { cleanText } from '../text';

/**
 * Ratings are written and edited within this time after the service ended; then they are frozen:
 * edits are refused, and a record edited later is ignored by every view.
 */
export const RATING_EDIT_MS = 14 * 24 * 60 * 60 * 1000;
export const RATING_LIMITS = { comment: 1000, note: 1000 } as const;

export const RatingRecord = v.looseObject({
	schemaVersion: v.number(),
	subject: recordKeyShape,
	kind: v.picklist(['engagement', 'booking']),
	stars: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
	comment: text(RATING_LIMITS.comment),
	/** The private note to the board's admins, sealed to each of them, by admin id. */
	privateNote: v.nullish(v.record(v.string(), SealedField), null),
	createdAt: time,
	updatedAt: time,
	signature: text(100),
	/** The rater's device that signed, when not their first one (identity/device-chain.ts). */
	signer: v.nullish(signingKey, null)
});
export interface RatingFields {
	subject: string;
	kind: 'engagement' | 'booking';
	stars: number;
	comment: string;
	privateNote: Record<string, SealedSet> | null;
	createdAt: number;
	updatedAt: number;
}

export interface Rating extends RatingFields {
	key: string;
	raterId: string;
	rateeId: string;
	signature: string;
	/** The device key that signed; null for the rater's first key. */
	signer: string | null;
}

/** The only key a rater may use for one service. */
export function ratingKey(raterId: string, subjectKey: string): string {
	return recordKey(raterId, `r${hashId(subjectKey)}`);
}

/** Canonical bytes a rater signs: bound to the board and the key, so a copy elsewhere fails. */
export function ratingPayload(boardId: string, key: string, r: RatingFields): Uint8Array {
	return new TextEncoder().encode(
		JSON.stringify([
			'quartier/rating/v1',
			boardId,
			key,
			r.subject,
			r.kind,
			r.stars,
			r.comment,
			r.privateNote ?? null,
			r.createdAt,
			r.updatedAt
		])
	);
}

export interface Service {
	participants: [string, string];
	/** When it was finished (done mark, or the slot's end); null while it is not. */
	finishedAt: number | null;
}

/** What ratings need of the cowork view (a snapshot or a fresh read). */
export interface CoworkStates {
	bookings: ReadonlyMap<string, Booking>;
	slots: ReadonlyMap<string, SlotState>;
}

/** Who took part in a service, and whether it is finished, from the derived views. */
export function serviceOf(
	kind: 'engagement' | 'booking',
	subject: string,
	engagements: ReadonlyMap<string, Engagement>,
	cowork: CoworkStates,
	now: number
): Service | null {
	if (kind === 'engagement') {
		const e = engagements.get(subject);
		if (!e) return null;
		return {
			participants: [e.initiatorId, e.authorId],
			finishedAt: e.status === 'done' ? e.doneAt : null
		};
	}
	const booking = cowork.bookings.get(subject);
	const state = booking && cowork.slots.get(booking.slotKey);
	if (!booking || !state) return null;
	const confirmed = state.bookings.get(subject)?.status === 'confirmed';
	const ended = state.slot.end <= now;
	return {
		participants: [booking.guestId, state.slot.hostId],
		finishedAt: confirmed && ended ? state.slot.end : null
	};
}

export interface RatingContext {
	boardId: string;
	service: (kind: 'engagement' | 'booking', subject: string) => Service | null;
	/** Signature check result (cached by the signed bytes and signature): true, false, or undefined while unknown. */
	signatureValid: (rating: Rating) => boolean | undefined;
}

/**
 * Ratings that pass every rule; the rest go to `invalid` with the rule they break. Ratings whose
 * signature is still being checked go to `unchecked` (shown once verified).
 */
export function readRatings(
	doc: Y.Doc,
	ctx: RatingContext,
	invalid: InvalidRecord[] = [],
	unchecked: Rating[] = []
): Rating[] {
	const ratings: Rating[] = [];
	collection(doc, ROOT.ratings).forEach((raw, key) => {
		const reject = (reason: string) => invalid.push({ collection: ROOT.ratings, key, reason });
		const raterId = parseRecordKey(key)?.authorId;
		const result = v.safeParse(RatingRecord, raw);
		if (!raterId) return reject('bad key');
		if (!result.success) return reject(firstIssue(result));
		const r = result.output;
		if (key !== ratingKey(raterId, r.subject))
			return reject('not the rater’s key for this service');
		const service = ctx.service(r.kind, r.subject);
		if (!service || !service.participants.includes(raterId))
			return reject('rater did not take part');
		const rateeId = service.participants.find((p) => p !== raterId);
		if (!rateeId) return reject('rater did not take part');
		if (service.finishedAt === null) return reject('service not finished');
		if (r.createdAt < service.finishedAt) return reject('written before the service ended');
		// The window runs from the end of the service, which the rater alone does not set: a
		// rater rewriting their own createdAt cannot keep a rating open for ever.
		if (r.updatedAt < r.createdAt || r.updatedAt > service.finishedAt + RATING_EDIT_MS) {
			return reject('edited after 14 days');
		}
		const rating: Rating = {
			key,
			raterId,
			rateeId,
			subject: r.subject,
			kind: r.kind,
			stars: r.stars,
			comment: r.comment,
			privateNote: r.privateNote,
			createdAt: r.createdAt,
			updatedAt: r.updatedAt,
			signature: r.signature,
			signer: r.signer
		};
		const verified = ctx.signatureValid(rating);
		if (verified === false) return reject('bad signature');
		if (verified === undefined) unchecked.push(rating);
		else ratings.push(rating);
	});
	return ratings.sort((a, b) => b.createdAt - a.createdAt || (a.key < b.key ? -1 : 1));
}

export interface RatingInput {
	stars: number;
	comment: string;
}

export function validateRatingInput(input: RatingInput): RatingInput {
	const errors: FieldErrors = {};
	if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) errors.stars = 'stars';
	const comment = cleanText(
		input.comment,
		'comment',
		{ required: false, max: RATING_LIMITS.comment },
		errors
	);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return { stars: input.stars, comment };
}

/**
 * The fields of my rating of a service, new or edited; the caller signs them and calls
 * `writeRating`. Refused when I did not take part, it is not finished, or it is frozen.
 */
export function prepareRating(
	doc: Y.Doc,
	raterId: string,
	kind: 'engagement' | 'booking',
	subject: string,
	service: Service | null,
	input: RatingInput,
	privateNote: Record<string, SealedSet> | null,
	now: number
): { key: string; fields: RatingFields } {
	if (!service || !service.participants.includes(raterId)) throw new RuleError('notParticipant');
	if (service.finishedAt === null) throw new RuleError('notFinished');
	const clean = validateRatingInput(input);
	const key = ratingKey(raterId, subject);
	const previous = collection(doc, ROOT.ratings).get(key) as { createdAt?: unknown } | undefined;
	const createdAt = typeof previous?.createdAt === 'number' ? previous.createdAt : now;
	if (now > service.finishedAt + RATING_EDIT_MS) throw new RuleError('frozen');
	return {
		key,
		fields: { subject, kind, ...clean, privateNote, createdAt, updatedAt: now }
	};
}

/** `signer`: my device key when it is not my first key (null then). */
export function writeRating(
	doc: Y.Doc,
	key: string,
	fields: RatingFields,
	signature: string,
	origin?: unknown,
	signer: string | null = null
): void {
	doc.transact(() => {
		collection(doc, ROOT.ratings).set(key, {
			schemaVersion: SCHEMA_VERSION,
			...fields,
			signature,
			...(signer ? { signer } : {})
		});
	}, origin);
}

/**
 * Checks one rating's signature with the key that signed it: the rater's first key, or one of
 * their linked devices (`signingKeys`, from their verified member record).
 */
export async function verifyRatingSignature(
	boardId: string,
	rating: Rating,
	signingKeys: readonly string[]
): Promise<boolean> {
	const signer = rating.signer ?? signingKeys[0];
	if (!signer || !signingKeys.includes(signer)) return false;
	return verifyBytes(signer, ratingPayload(boardId, rating.key, rating), rating.signature);
}

/** Signs my rating's fields with my identity key. */
export async function signRating(
	privateKey: CryptoKey,
	boardId: string,
	key: string,
	fields: RatingFields
): Promise<string> {
	return toBase64UrlEncoded(await signBytes(privateKey, ratingPayload(boardId, key, fields)));
}
