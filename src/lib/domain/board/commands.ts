/**
 * Named writes to a board's own record (members publish theirs with members/publish.ts). Each runs
 * in one transaction with the caller's origin.
 */
import type * as Y from 'yjs';
import { ValidationError, type FieldErrors } from '../errors';
import { recordKey } from '../ids';
import { cleanText } from '../text';
import { BOARD_RECORD_ID, collection, ROOT, SCHEMA_VERSION } from './schema';
import type { BoardInput } from './types';
import { BOARD_LIMITS } from './validate';

export function validateBoardInput(input: BoardInput): BoardInput {
	const errors: FieldErrors = {};
	const clean = {
		name: cleanText(input.name, 'name', { required: true, max: BOARD_LIMITS.name }, errors),
		city: cleanText(input.city, 'city', { required: true, max: BOARD_LIMITS.city }, errors),
		neighbourhood: cleanText(
			input.neighbourhood,
			'neighbourhood',
			{ required: false, max: BOARD_LIMITS.neighbourhood },
			errors
		),
		description: cleanText(
			input.description,
			'description',
			{ required: false, max: BOARD_LIMITS.description },
			errors
		)
	};
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}

/** Writes the board's description record; the creator (who holds the nonce) becomes its admin. */
export function createBoard(
	doc: Y.Doc,
	creatorId: string,
	nonce: string,
	input: BoardInput,
	now: number,
	origin?: unknown
): void {
	const clean = validateBoardInput(input);
	doc.transact(() => {
		collection(doc, ROOT.board).set(recordKey(creatorId, BOARD_RECORD_ID), {
			schemaVersion: SCHEMA_VERSION,
			...clean,
			nonce,
			createdAt: now
		});
	}, origin);
}
