/** Mutual-aid engagements: each side writes only its own record (DESIGN.md §5). */
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
import { readPrice } from '../pricing/terms';
import { cleanText } from '../text';
import { readBlocks } from '../trust/blocks';
import { DISPUTE_WINDOW_MS, readEngagements, responseKey } from './read';
import { isAcceptedOrLater, isOngoing } from './status';
import type { Engagement } from './types';
import { ENGAGEMENT_LIMITS } from './validate';

function clean(field: keyof typeof ENGAGEMENT_LIMITS, value: string, required: boolean): string {
	const errors: FieldErrors = {};
	const text = cleanText(value, field, { required, max: ENGAGEMENT_LIMITS[field] }, errors);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return text;
}

function find(doc: Y.Doc, key: string): Engagement {
	const engagement = readEngagements(doc).get(key);
	if (!engagement) throw new NotFoundError(key);
	return engagement;
}

/** On an offer: "I'd like this help"; on a request: "I can help". Never on one's own post. */
export function proposeEngagement(
	doc: Y.Doc,
	memberId: string,
	postKey: string,
	message: string,
	dates: string,
	now: number,
	origin?: unknown
): string {
	const post = collection(doc, ROOT.posts).get(postKey) as RawRecord | undefined;
	if (!post) throw new NotFoundError(postKey);
	if (parseRecordKey(postKey)?.authorId === memberId) throw new RuleError('ownPost');
	if (post.status !== 'open') throw new RuleError('postClosed');
	const author = parseRecordKey(postKey)?.authorId ?? '';
	if (readBlocks(doc).get(author)?.has(memberId)) throw new RuleError('blocked');
	const open = [...readEngagements(doc).values()].some(
		(e) => e.postKey === postKey && e.initiatorId === memberId && isOngoing(e.status)
	);
	if (open) throw new RuleError('alreadyProposed');
	const errors: FieldErrors = {};
	const record = {
		schemaVersion: SCHEMA_VERSION,
		post: postKey,
		message: cleanText(
			message,
			'message',
			{ required: false, max: ENGAGEMENT_LIMITS.message },
			errors
		),
		dates: cleanText(dates, 'dates', { required: false, max: ENGAGEMENT_LIMITS.dates }, errors),
		createdAt: now,
		cancelled: null,
		done: null,
		disputed: null
	};
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	const key = recordKey(memberId, randomId());
	doc.transact(() => collection(doc, ROOT.engagements).set(key, record), origin);
	return key;
}

/** The post's author accepts (sharing their contact, sealed to the neighbour) or declines. */
export function respond(
	doc: Y.Doc,
	authorId: string,
	engagementKey: string,
	decision: 'accepted' | 'declined',
	reason: string,
	contact: SealedSet | null,
	now: number,
	origin?: unknown
): void {
	const engagement = find(doc, engagementKey);
	if (engagement.authorId !== authorId) throw new NotAuthorError(engagementKey);
	if (engagement.status !== 'proposed') throw new RuleError('notProposed');
	const post = collection(doc, ROOT.posts).get(engagement.postKey) as RawRecord | undefined;
	const record = {
		schemaVersion: SCHEMA_VERSION,
		engagement: engagementKey,
		decision,
		reason: clean('reason', reason, false),
		at: now,
		contact: decision === 'accepted' ? contact : null,
		agreed: decision === 'accepted' ? readPrice(post?.price) : null,
		cancelled: null,
		done: null,
		disputed: null
	};
	doc.transact(
		() => collection(doc, ROOT.responses).set(responseKey(authorId, engagementKey), record),
		origin
	);
}

type Mark = 'cancelled' | 'done' | 'disputed';

/** Writes a mark on my own side's record (the engagement if I proposed, the response if I answered). */
function markMySide(
	doc: Y.Doc,
	engagement: Engagement,
	memberId: string,
	mark: Mark,
	value: { at: number; reason?: string },
	origin: unknown
): void {
	const mine =
		memberId === engagement.initiatorId
			? { name: ROOT.engagements, key: engagement.key }
			: memberId === engagement.authorId && engagement.response
				? { name: ROOT.responses, key: engagement.response.key }
				: null;
	if (!mine) throw new NotAuthorError(engagement.key);
	const map = collection(doc, mine.name);
	const previous = map.get(mine.key) as RawRecord | undefined;
	if (!previous) throw new NotFoundError(mine.key);
	doc.transact(() => map.set(mine.key, { ...previous, [mark]: value }), origin);
}

/** Either side, before the help is marked done; the neighbour may also withdraw a proposal. */
export function cancelEngagement(
	doc: Y.Doc,
	memberId: string,
	engagementKey: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	const engagement = find(doc, engagementKey);
	const withdrawable = engagement.status === 'proposed' && memberId === engagement.initiatorId;
	if (engagement.status !== 'accepted' && !withdrawable) throw new RuleError('notCancellable');
	const text = clean('reason', reason, true);
	markMySide(doc, engagement, memberId, 'cancelled', { reason: text, at: now }, origin);
}

/** "It happened": either side; the other side may confirm it too, or dispute it. */
export function markDone(
	doc: Y.Doc,
	memberId: string,
	engagementKey: string,
	now: number,
	origin?: unknown
): void {
	const engagement = find(doc, engagementKey);
	const mine = memberId === engagement.initiatorId ? engagement.request : engagement.response;
	if (!isAcceptedOrLater(engagement.status)) throw new RuleError('notAccepted');
	if (mine?.done) return;
	markMySide(doc, engagement, memberId, 'done', { at: now }, origin);
}

/** "It did not happen": only the side that has not marked it done, once the other side did. */
export function disputeDone(
	doc: Y.Doc,
	memberId: string,
	engagementKey: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	const engagement = find(doc, engagementKey);
	const mine = memberId === engagement.initiatorId ? engagement.request : engagement.response;
	if (engagement.status !== 'done' || !mine || mine.done) throw new RuleError('notDisputable');
	// Both said "service rendu" at the door: a dispute would not stand (read.ts ignores it).
	if (engagement.attested) throw new RuleError('attested');
	if (now > (engagement.doneAt ?? 0) + DISPUTE_WINDOW_MS) throw new RuleError('notDisputable');
	const text = clean('reason', reason, true);
	markMySide(doc, engagement, memberId, 'disputed', { reason: text, at: now }, origin);
}

export function addComment(
	doc: Y.Doc,
	memberId: string,
	engagementKey: string,
	text: string,
	now: number,
	origin?: unknown
): string {
	const engagement = find(doc, engagementKey);
	if (memberId !== engagement.initiatorId && memberId !== engagement.authorId) {
		throw new NotAuthorError(engagementKey);
	}
	const body = clean('comment', text, true);
	const key = recordKey(memberId, randomId());
	doc.transact(
		() =>
			collection(doc, ROOT.comments).set(key, {
				schemaVersion: SCHEMA_VERSION,
				engagement: engagementKey,
				text: body,
				at: now
			}),
		origin
	);
	return key;
}

/**
 * Replaces the contact details sealed to the accepted neighbour: sent later when their key was
 * not known at acceptance, or again when the author changed their number.
 */
export function updateSharedContact(
	doc: Y.Doc,
	authorId: string,
	engagementKey: string,
	contact: SealedSet | null,
	origin?: unknown
): void {
	const engagement = find(doc, engagementKey);
	if (engagement.authorId !== authorId) throw new NotAuthorError(engagementKey);
	const response = engagement.response;
	if (response?.decision !== 'accepted') throw new RuleError('notAccepted');
	const map = collection(doc, ROOT.responses);
	const previous = map.get(response.key) as RawRecord | undefined;
	if (!previous) throw new NotFoundError(response.key);
	doc.transact(() => map.set(response.key, { ...previous, contact }), origin);
}
