/** Shapes of engagement records as stored in the doc. Loose: newer fields survive edits. */
import * as v from 'valibot';
import { SealedField } from '../board/validate';

export const ENGAGEMENT_LIMITS = { message: 500, dates: 200, reason: 300, comment: 1000 } as const;

const time = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const recordKeyShape = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{1,64}$/));
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
	...marks
});

export const CommentRecord = v.looseObject({
	schemaVersion: v.number(),
	engagement: recordKeyShape,
	text: v.pipe(text(ENGAGEMENT_LIMITS.comment), v.minLength(1)),
	at: time
});
