/** Shapes of engagement records as stored in the doc. Loose: newer fields survive edits. */
import * as v from 'valibot';
import { recordKeyShape, requiredText, text, time } from '../fields';
import { SealedField } from '../identity/sealed-record';
import { PriceRecord } from '../pricing/terms';

export const ENGAGEMENT_LIMITS = { message: 500, dates: 200, reason: 300, comment: 1000 } as const;

const withReason = v.nullish(v.object({ reason: text(ENGAGEMENT_LIMITS.reason), at: time }), null);
const marks = {
	cancelled: withReason,
	done: v.nullish(v.object({ at: time }), null),
	disputed: withReason
};

export const EngagementRecord = v.looseObject({
	schemaVersion: v.number(),
	post: recordKeyShape,
	message: text(ENGAGEMENT_LIMITS.message),
	dates: v.optional(text(ENGAGEMENT_LIMITS.dates), ''),
	createdAt: time,
	...marks
});

export const ResponseRecord = v.looseObject({
	schemaVersion: v.number(),
	engagement: recordKeyShape,
	decision: v.picklist(['accepted', 'declined']),
	reason: v.optional(text(ENGAGEMENT_LIMITS.reason), ''),
	at: time,
	contact: v.nullish(SealedField, null),
	/** The post's terms when its author accepted (pricing/agreed.ts); null before terms existed. */
	agreed: v.nullish(v.fallback(v.nullable(PriceRecord), null), null),
	...marks
});

export const CommentRecord = v.looseObject({
	schemaVersion: v.number(),
	engagement: recordKeyShape,
	text: requiredText(ENGAGEMENT_LIMITS.comment),
	at: time
});
