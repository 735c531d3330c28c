/**
 * The validated, read-only board record. Invalid records are skipped and reported; members are
 * read by members/read.ts.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { firstIssue } from '../fields';
import { parseRecordKey } from '../ids';
import { boardIdFor } from './board-id';
import { BOARD_RECORD_ID, collection, ROOT } from './schema';
import type { BoardInfo, InvalidRecord } from './types';
import { BoardRecord } from './validate';

/**
 * The board record whose author and nonce hash to this board id; any other "board" record is a
 * forgery or garbage and is reported, never shown.
 */
export function readBoard(
	doc: Y.Doc,
	boardId: string,
	invalid: InvalidRecord[] = []
): BoardInfo | null {
	let found: BoardInfo | null = null;
	collection(doc, ROOT.board).forEach((raw, key) => {
		const parsed = parseRecordKey(key);
		const result = v.safeParse(BoardRecord, raw);
		if (!parsed || parsed.recordId !== BOARD_RECORD_ID) {
			invalid.push({ collection: ROOT.board, key, reason: 'bad key' });
		} else if (!result.success) {
			invalid.push({ collection: ROOT.board, key, reason: firstIssue(result) });
		} else if (boardIdFor(parsed.authorId, result.output.nonce) !== boardId) {
			invalid.push({ collection: ROOT.board, key, reason: 'not the creator of this board' });
		} else {
			const { name, city, neighbourhood, description, createdAt } = result.output;
			found = {
				id: boardId,
				creatorId: parsed.authorId,
				name,
				city,
				neighbourhood,
				description,
				createdAt
			};
		}
	});
	return found;
}
