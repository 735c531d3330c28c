/**
 * Who can find a board outside it (issue 16): *private* (the default: nowhere), *listed* (in the
 * city directory; people ask to join by answering the admins' questions) or *open* (listed, and
 * anyone joins at once). Admins set it with a mark in the moderation root, one per admin; the
 * latest mark by a current admin decides, as for hides, so every replica and the relay agree.
 *
 * An open board's mark carries the board's invite secret: every member already holds it, and the
 * relay needs it to let anyone in without an admin. It never appears in a directory answer.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { isBoardSecret } from '../board/invite';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { ValidationError, NotAuthorError, type FieldErrors } from '../errors';
import { text, time } from '../fields';
import { parseRecordKey, recordKey } from '../ids';
import { cleanText } from '../text';
import { adminsOf } from '../trust/moderation';

export const VISIBILITIES = ['private', 'listed', 'open'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Three questions read in a minute; 200 characters is a question, not an essay. */
export const VISIBILITY_LIMITS = { questions: 3, question: 200 } as const;

/** GeoNames id of the board's city in the relay's gazetteer; null: match the typed city. */
const placeId = v.nullish(
	v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31)),
	null
);

const VisibilityMark = v.looseObject({
	action: v.literal('visibility'),
	visibility: v.picklist(VISIBILITIES),
	questions: v.pipe(
		v.array(text(VISIBILITY_LIMITS.question)),
		v.maxLength(VISIBILITY_LIMITS.questions)
	),
	placeId,
	inviteSecret: v.nullish(v.string(), null),
	at: time
});

export interface BoardVisibility {
	visibility: Visibility;
	questions: string[];
	placeId: number | null;
	/** Only on an open board: what the relay hands to whoever joins. */
	inviteSecret: string | null;
	/** The admin who set it, and when; null for a board never listed. */
	by: string | null;
	at: number;
}

export const PRIVATE: BoardVisibility = {
	visibility: 'private',
	questions: [],
	placeId: null,
	inviteSecret: null,
	by: null,
	at: 0
};

const MARK_ID = 'visibility';

/** The latest visibility mark by a current admin; PRIVATE when there is none. */
export function readVisibility(
	doc: Y.Doc,
	boardId: string,
	admins: ReadonlySet<string> = adminsOf(doc, boardId)
): BoardVisibility {
	let latest = PRIVATE;
	collection(doc, ROOT.moderation).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		if (!author || !admins.has(author)) return;
		const result = v.safeParse(VisibilityMark, raw);
		if (!result.success) return;
		const mark = result.output;
		const later =
			mark.at > latest.at || (mark.at === latest.at && latest.by !== null && author > latest.by);
		if (!later) return;
		const open = mark.visibility === 'open' && isBoardSecret(mark.inviteSecret);
		latest = {
			// An open mark without a usable secret cannot let anyone in: it reads as listed.
			visibility: mark.visibility === 'open' && !open ? 'listed' : mark.visibility,
			questions: mark.questions.map((q) => q.trim()).filter((q) => q !== ''),
			placeId: mark.placeId,
			inviteSecret: open ? mark.inviteSecret : null,
			by: author,
			at: mark.at
		};
	});
	return latest;
}

export interface VisibilityInput {
	visibility: Visibility;
	questions: string[];
	placeId: number | null;
}

/** Checks an admin's form; errors `question0`… ("tooLong"), `questions` ("tooMany"). */
export function validateVisibilityInput(input: VisibilityInput): VisibilityInput {
	const errors: FieldErrors = {};
	const questions = input.questions
		.map((q, i) =>
			cleanText(q, `question${i}`, { required: false, max: VISIBILITY_LIMITS.question }, errors)
		)
		.filter((q) => q !== '');
	if (questions.length > VISIBILITY_LIMITS.questions) errors.questions = 'tooMany';
	if (!(VISIBILITIES as readonly string[]).includes(input.visibility))
		errors.visibility = 'required';
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return { visibility: input.visibility, questions, placeId: input.placeId };
}

/**
 * Sets the board's visibility. `inviteSecret` is the board's secret, written only when the board
 * becomes open.
 */
export function setVisibility(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	input: VisibilityInput,
	inviteSecret: string,
	now: number,
	origin?: unknown
): void {
	if (!adminsOf(doc, boardId).has(adminId)) throw new NotAuthorError(`${boardId}/visibility`);
	const clean = validateVisibilityInput(input);
	doc.transact(() => {
		collection(doc, ROOT.moderation).set(recordKey(adminId, MARK_ID), {
			schemaVersion: SCHEMA_VERSION,
			action: 'visibility',
			...clean,
			inviteSecret: clean.visibility === 'open' ? inviteSecret : null,
			at: now
		});
	}, origin);
}
