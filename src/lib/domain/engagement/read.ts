/**
 * Engagement states, derived on every replica from the two sides' records. Each side writes only
 * its own record, so "cancelled", "done" and "disputed" are facts each side states about itself;
 * the rules below turn them into one status everybody sees the same way.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { firstIssue } from '../fields';
import { parseRecordKey, recordKey } from '../ids';
import type {
	Comment,
	Engagement,
	EngagementRequest,
	EngagementResponse,
	SideMarks
} from './types';
import { CommentRecord, EngagementRecord, ResponseRecord } from './validate';
import { readPrice } from '../pricing/terms';
import { attestedAt, checkedIn, readCheckins } from '../checkin/read';

/** The one key under which a post's author answers an engagement: no competing answers. */
export function responseKey(authorId: string, engagementKey: string): string {
	const parsed = parseRecordKey(engagementKey);
	return recordKey(authorId, `${parsed?.authorId ?? ''}${parsed?.recordId ?? ''}`.slice(0, 64));
}

const authorOf = (key: string) => parseRecordKey(key)?.authorId ?? '';

function marks(r: SideMarks): SideMarks {
	return { cancelled: r.cancelled, done: r.done, disputed: r.disputed };
}

/** How long after the help was marked done the other side may still say it did not happen. */
export const DISPUTE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * - Until the author accepts, the neighbour may withdraw (cancelled) and the author may decline.
 * - Once accepted, either side may cancel — but not after the help was marked done: a cancel
 *   written later is ignored, so nobody can erase a finished service (and the ratings on it).
 * - Done when a side says so; "disputed" when the other side says it did not happen (a side that
 *   itself marked it done cannot dispute it).
 * - Attested ("service rendu" by both at the door, `attested` = the later of the two times): done
 *   from then, whatever one side later says, and no dispute stands against it.
 */
export function deriveStatus(
	request: EngagementRequest,
	response: EngagementResponse | null,
	attested: number | null = null
): Pick<Engagement, 'status' | 'by' | 'reason' | 'doneAt'> {
	const initiator = request.initiatorId;
	const author = response?.authorId ?? '';
	// A done mark can only follow an acceptance: an answer rewritten to "declined" afterwards is
	// the author trying to erase a finished service, and is ignored.
	const everDone = request.done !== null || response?.done != null || attested !== null;
	if (!response || (response.decision === 'declined' && !everDone)) {
		if (request.cancelled) {
			return { status: 'cancelled', by: initiator, reason: request.cancelled.reason, doneAt: null };
		}
		if (!response) return { status: 'proposed', by: null, reason: '', doneAt: null };
		return { status: 'declined', by: author, reason: response.reason, doneAt: null };
	}
	const doneTimes = [request.done?.at, response.done?.at, attested ?? undefined].filter(
		(t) => t !== undefined
	);
	const doneAt = doneTimes.length > 0 ? Math.min(...doneTimes) : null;
	const cancels = [
		{ by: initiator, mark: request.cancelled },
		{ by: author, mark: response.cancelled }
	]
		.filter((c) => c.mark && (doneAt === null || c.mark.at < doneAt))
		.sort((a, b) => a.mark!.at - b.mark!.at || (a.by < b.by ? -1 : 1));
	const cancel = cancels[0];
	if (cancel)
		return { status: 'cancelled', by: cancel.by, reason: cancel.mark!.reason, doneAt: null };
	if (doneAt === null) return { status: 'accepted', by: null, reason: '', doneAt: null };
	const disputes = [
		{ by: initiator, side: request },
		{ by: author, side: response }
	].filter(
		(d) =>
			attested === null &&
			d.side.disputed &&
			!d.side.done &&
			// Contesting is for the days after; a dispute long after cannot erase the service.
			d.side.disputed.at <= doneAt + DISPUTE_WINDOW_MS
	);
	const dispute = disputes[0];
	if (dispute) {
		return { status: 'disputed', by: dispute.by, reason: dispute.side.disputed!.reason, doneAt };
	}
	return { status: 'done', by: null, reason: '', doneAt };
}

/**
 * Every engagement whose post author is not the neighbour, with its answer if any.
 * @param blockedBy a member's block list: proposals from someone the author blocks are dropped
 * @param removed members whose "service rendu" no longer counts (removed by an admin)
 */
export function readEngagements(
	doc: Y.Doc,
	invalid: InvalidRecord[] = [],
	blockedBy: (memberId: string) => ReadonlySet<string> = () => new Set(),
	removed: ReadonlySet<string> = new Set()
): Map<string, Engagement> {
	const checkins = readCheckins(doc, removed);
	const requests = new Map<string, EngagementRequest>();
	collection(doc, ROOT.engagements).forEach((raw, key) => {
		const initiatorId = authorOf(key);
		const result = v.safeParse(EngagementRecord, raw);
		if (!initiatorId || !result.success) {
			invalid.push({
				collection: ROOT.engagements,
				key,
				reason: result.success ? 'bad key' : firstIssue(result)
			});
			return;
		}
		const r = result.output;
		const postAuthor = authorOf(r.post);
		if (postAuthor === initiatorId) {
			invalid.push({ collection: ROOT.engagements, key, reason: 'engagement on own post' });
			return;
		}
		requests.set(key, {
			key,
			initiatorId,
			postKey: r.post,
			message: r.message,
			dates: r.dates,
			createdAt: r.createdAt,
			...marks(r)
		});
	});
	const responses = new Map<string, EngagementResponse>();
	collection(doc, ROOT.responses).forEach((raw, key) => {
		const result = v.safeParse(ResponseRecord, raw);
		if (!result.success) {
			invalid.push({ collection: ROOT.responses, key, reason: firstIssue(result) });
			return;
		}
		const r = result.output;
		const postAuthor = authorOf(requests.get(r.engagement)?.postKey ?? '');
		// Only the post's author answers, and only under the one key for that engagement.
		if (key !== responseKey(postAuthor, r.engagement)) {
			if (requests.has(r.engagement)) {
				invalid.push({ collection: ROOT.responses, key, reason: 'not the post author' });
			}
			return;
		}
		responses.set(r.engagement, {
			key,
			authorId: postAuthor,
			engagementKey: r.engagement,
			decision: r.decision,
			reason: r.reason,
			at: r.at,
			contact: r.contact,
			agreed: readPrice(r.agreed),
			...marks(r)
		});
	});
	const engagements = new Map<string, Engagement>();
	for (const [key, request] of requests) {
		const response = responses.get(key) ?? null;
		// A block drops unanswered proposals only: an exchange that happened (and the ratings on
		// it) must not vanish because one side blocks the other afterwards.
		if (!response && blockedBy(authorOf(request.postKey)).has(request.initiatorId)) continue;
		const authorId = authorOf(request.postKey);
		// Only the two parties of an answered engagement can attest it (an answer rewritten to
		// "declined" afterwards cannot erase it, as with done marks); anyone else's word is ignored.
		const both =
			response !== null ? attestedAt(checkins, key, request.initiatorId, authorId) : null;
		const status = deriveStatus(request, response, both);
		engagements.set(key, {
			key,
			postKey: request.postKey,
			initiatorId: request.initiatorId,
			authorId,
			request,
			response,
			...status,
			checkins: {
				initiator: checkedIn(checkins, key, request.initiatorId),
				author: checkedIn(checkins, key, authorId)
			},
			attested: both !== null && status.status === 'done'
		});
	}
	return engagements;
}

/** Comments by the two people of an engagement, oldest first; anyone else's are ignored. */
export function readComments(
	doc: Y.Doc,
	engagements: ReadonlyMap<string, Engagement>,
	invalid: InvalidRecord[] = []
): Map<string, Comment[]> {
	const byEngagement = new Map<string, Comment[]>();
	collection(doc, ROOT.comments).forEach((raw, key) => {
		const authorId = authorOf(key);
		const result = v.safeParse(CommentRecord, raw);
		if (!authorId || !result.success) {
			invalid.push({
				collection: ROOT.comments,
				key,
				reason: result.success ? 'bad key' : firstIssue(result)
			});
			return;
		}
		const engagement = engagements.get(result.output.engagement);
		if (!engagement) return;
		if (authorId !== engagement.initiatorId && authorId !== engagement.authorId) {
			invalid.push({ collection: ROOT.comments, key, reason: 'not a participant' });
			return;
		}
		const list = byEngagement.get(engagement.key) ?? [];
		list.push({
			key,
			authorId,
			engagementKey: engagement.key,
			text: result.output.text,
			at: result.output.at
		});
		byEngagement.set(engagement.key, list);
	});
	for (const list of byEngagement.values())
		list.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
	return byEngagement;
}
