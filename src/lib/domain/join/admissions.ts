/**
 * Who let whom in (issue 16): when an admin accepts a join request, their phone writes an
 * admission mark in the moderation root, under the admin's own id, naming the new member and the
 * request. Only marks by current admins count. Admins see it on the member's page.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { NotAuthorError } from '../errors';
import { memberIdShape, time } from '../fields';
import { ID_RE, parseRecordKey, recordKey } from '../ids';
import { adminsOf } from '../trust/moderation';

const AdmissionMark = v.looseObject({
	action: v.literal('admit'),
	memberId: memberIdShape,
	requestId: v.pipe(v.string(), v.regex(ID_RE)),
	at: time
});

export interface Admission {
	/** The admin who accepted the request. */
	by: string;
	requestId: string;
	at: number;
}

/** Each admitted member's earliest admission by a current admin. */
export function readAdmissions(
	doc: Y.Doc,
	boardId: string,
	admins: ReadonlySet<string> = adminsOf(doc, boardId)
): Map<string, Admission> {
	const admissions = new Map<string, Admission>();
	collection(doc, ROOT.moderation).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		if (!author || !admins.has(author)) return;
		const result = v.safeParse(AdmissionMark, raw);
		if (!result.success) return;
		const { memberId, requestId, at } = result.output;
		const seen = admissions.get(memberId);
		if (!seen || at < seen.at) admissions.set(memberId, { by: author, requestId, at });
	});
	return admissions;
}

export function recordAdmission(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	memberId: string,
	requestId: string,
	now: number,
	origin?: unknown
): void {
	if (!adminsOf(doc, boardId).has(adminId)) throw new NotAuthorError(`${boardId}/admission`);
	doc.transact(() => {
		collection(doc, ROOT.moderation).set(recordKey(adminId, `a${memberId}`), {
			schemaVersion: SCHEMA_VERSION,
			action: 'admit',
			memberId,
			requestId,
			at: now
		});
	}, origin);
}
