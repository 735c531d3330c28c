import * as v from 'valibot';
import { requiredText, text, time } from '../fields';
import { SealedField } from '../identity/sealed-record';
import { PriceRecord } from '../pricing/terms';
import { CATEGORIES, POST_KINDS, POST_STATUSES } from './types';

export const POST_LIMITS = { title: 100, description: 2000, availability: 200, area: 100 } as const;

/** Shape of a help post as stored in the doc. Loose: newer clients' extra fields survive edits. */
export const PostRecord = v.looseObject({
	schemaVersion: v.number(),
	kind: v.picklist(POST_KINDS),
	title: requiredText(POST_LIMITS.title),
	description: text(POST_LIMITS.description),
	// An unknown category from a newer client is shown as "other" rather than hidden.
	category: v.fallback(v.picklist(CATEGORIES), 'other'),
	availability: v.optional(text(POST_LIMITS.availability), ''),
	area: v.optional(text(POST_LIMITS.area), ''),
	status: v.picklist(POST_STATUSES),
	/** The author's phone and address, sealed to the author; resealed to an accepted neighbour. */
	contactSealed: v.nullish(SealedField, null),
	/** Shown outside the board in the city directory; off unless the author ticks it. */
	listed: v.optional(v.boolean(), false),
	/** The terms the author states; null on posts written before terms existed. */
	price: v.nullish(v.fallback(v.nullable(PriceRecord), null), null),
	createdAt: time,
	updatedAt: time
});
