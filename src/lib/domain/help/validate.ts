import * as v from 'valibot';
import { SealedField } from '../board/validate';
import { CATEGORIES, POST_KINDS, POST_STATUSES } from './types';

export const POST_LIMITS = { title: 100, description: 2000, availability: 200, area: 100 } as const;

/** Milliseconds since 1970, up to the largest date JavaScript can represent (year 275760). */
const time = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

/** Shape of a help post as stored in the doc. Loose: newer clients' extra fields survive edits. */
export const PostRecord = v.looseObject({
	schemaVersion: v.number(),
	kind: v.picklist(POST_KINDS),
	title: v.pipe(v.string(), v.minLength(1), v.maxLength(POST_LIMITS.title)),
	description: v.pipe(v.string(), v.maxLength(POST_LIMITS.description)),
	// An unknown category from a newer client is shown as "other" rather than hidden.
	category: v.fallback(v.picklist(CATEGORIES), 'other'),
	availability: v.optional(v.pipe(v.string(), v.maxLength(POST_LIMITS.availability)), ''),
	area: v.optional(v.pipe(v.string(), v.maxLength(POST_LIMITS.area)), ''),
	status: v.picklist(POST_STATUSES),
	/** The author's phone and address, sealed to the author; resealed to an accepted neighbour. */
	contactSealed: v.nullish(SealedField, null),
	createdAt: time,
	updatedAt: time
});
