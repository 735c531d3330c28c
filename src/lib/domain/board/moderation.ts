/**
 * Moderation marks: records admins write under their own id, which every view — and the relay —
 * honours. Only removal exists so far; the board's creator is its admin (promotions come later).
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseRecordKey, randomId, recordKey } from '../ids';
import { NotAuthorError } from '../errors';
import { readBoard } from './read';
import { collection, ROOT, SCHEMA_VERSION } from './schema';

const RemovalRecord = v.looseObject({
	schemaVersion: v.number(),
	action: v.literal('remove-member'),
	memberId: v.string(),
	reason: v.optional(v.string(), ''),
	at: v.number()
});

export function adminsOf(doc: Y.Doc, boardId: string): Set<string> {
	const board = readBoard(doc, boardId);
	return new Set(board ? [board.creatorId] : []);
}

/** Members removed by an admin of this board. Admins themselves cannot be removed. */
export function readRemovedMembers(doc: Y.Doc, boardId: string): Set<string> {
	const admins = adminsOf(doc, boardId);
	const removed = new Set<string>();
	collection(doc, ROOT.moderation).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		const result = v.safeParse(RemovalRecord, raw);
		if (author && admins.has(author) && result.success && !admins.has(result.output.memberId)) {
			removed.add(result.output.memberId);
		}
	});
	return removed;
}

export function removeMember(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	memberId: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	if (!adminsOf(doc, boardId).has(adminId)) throw new NotAuthorError(`${boardId}/moderation`);
	doc.transact(() => {
		collection(doc, ROOT.moderation).set(recordKey(adminId, randomId()), {
			schemaVersion: SCHEMA_VERSION,
			action: 'remove-member',
			memberId,
			reason,
			at: now
		});
	}, origin);
}
