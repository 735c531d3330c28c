/** Named writes to a board doc. Each runs in one transaction with the caller's origin. */
import type * as Y from 'yjs';
import { ValidationError, type FieldErrors } from '../errors';
import { recordKey } from '../ids';
import { cleanText } from '../text';
import { BOARD_RECORD_ID, collection, PROFILE_RECORD_ID, ROOT, SCHEMA_VERSION } from './schema';
import type { BoardInput, ProfileFields } from './types';
import { LIMITS } from './validate';

export function validateBoardInput(input: BoardInput): BoardInput {
	const errors: FieldErrors = {};
	const clean = {
		name: cleanText(input.name, 'name', { required: true, max: LIMITS.name }, errors),
		city: cleanText(input.city, 'city', { required: true, max: LIMITS.city }, errors),
		neighbourhood: cleanText(
			input.neighbourhood,
			'neighbourhood',
			{ required: false, max: LIMITS.neighbourhood },
			errors
		),
		description: cleanText(
			input.description,
			'description',
			{ required: false, max: LIMITS.description },
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

export interface SignedProfile extends ProfileFields {
	signature: string;
}

/** Fields a profile may lack; one left over from the previous record would break the signature. */
const OPTIONAL_SIGNED_FIELDS = [
	'encryptionKey',
	'signer',
	'devices',
	'rootRemovedAt',
	'updatedAt'
] as const;

/**
 * Publishes (or refreshes) my member record in a board. Fields a newer client added are kept.
 * Skips the write when nothing changed, so opening a board does not create sync traffic.
 */
export function publishProfile(
	doc: Y.Doc,
	memberId: string,
	profile: SignedProfile,
	origin?: unknown
): void {
	const members = collection(doc, ROOT.members);
	const key = recordKey(memberId, PROFILE_RECORD_ID);
	const previous = members.get(key) as Record<string, unknown> | undefined;
	const next: Record<string, unknown> = {
		...(previous ?? {}),
		schemaVersion: SCHEMA_VERSION,
		...profile
	};
	for (const field of OPTIONAL_SIGNED_FIELDS) if (profile[field] == null) delete next[field];
	if (previous && JSON.stringify(previous) === JSON.stringify(next)) return;
	doc.transact(() => members.set(key, next), origin);
}
