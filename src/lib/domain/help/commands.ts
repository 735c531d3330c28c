/** Help posts: offers ("je propose") and requests ("je cherche"). Only the author writes them. */
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION, type RawRecord } from '../board/schema';
import { NotAuthorError, NotFoundError, ValidationError, type FieldErrors } from '../errors';
import { parseRecordKey, randomId, recordKey } from '../ids';
import type { SealedSet } from '../identity/sealed';
import { cleanPrice, type PriceTerms } from '../pricing/terms';
import { cleanText } from '../text';
import { CATEGORIES, POST_KINDS, type PostInput, type PostKind, type PostStatus } from './types';
import { POST_LIMITS } from './validate';

/** A post's fields as written; `price` and `listed` only when the input states them. */
export interface CleanPost {
	kind: PostKind;
	category: PostInput['category'];
	title: string;
	description: string;
	availability: string;
	area: string;
	price?: PriceTerms;
	listed?: boolean;
}

export function validatePostInput(input: PostInput): CleanPost {
	const errors: FieldErrors = {};
	if (!POST_KINDS.includes(input.kind)) errors.kind = 'required';
	if (!CATEGORIES.includes(input.category)) errors.category = 'required';
	const clean: CleanPost = {
		kind: input.kind,
		category: input.category,
		title: cleanText(input.title, 'title', { required: true, max: POST_LIMITS.title }, errors),
		description: cleanText(
			input.description,
			'description',
			{ required: false, max: POST_LIMITS.description },
			errors
		),
		availability: cleanText(
			input.availability,
			'availability',
			{ required: false, max: POST_LIMITS.availability },
			errors
		),
		area: cleanText(input.area, 'area', { required: false, max: POST_LIMITS.area }, errors)
	};
	if (input.price !== undefined) clean.price = cleanPrice(input.price, errors);
	if (input.listed !== undefined) clean.listed = input.listed === true;
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}

export function createPost(
	doc: Y.Doc,
	authorId: string,
	input: PostInput,
	now: number,
	origin?: unknown
): string {
	const clean = validatePostInput(input);
	const key = recordKey(authorId, randomId());
	doc.transact(() => {
		collection(doc, ROOT.posts).set(key, {
			schemaVersion: SCHEMA_VERSION,
			listed: false,
			price: null,
			...clean,
			status: 'open',
			createdAt: now,
			updatedAt: now
		});
	}, origin);
	return key;
}

function ownRecord(doc: Y.Doc, authorId: string, key: string): RawRecord {
	if (parseRecordKey(key)?.authorId !== authorId) throw new NotAuthorError(key);
	const raw = collection(doc, ROOT.posts).get(key);
	if (!raw || typeof raw !== 'object') throw new NotFoundError(key);
	return raw as RawRecord;
}

/** Replaces the author's post with the edited fields; fields unknown to this client are kept. */
export function editPost(
	doc: Y.Doc,
	authorId: string,
	key: string,
	input: PostInput,
	now: number,
	origin?: unknown
): void {
	const previous = ownRecord(doc, authorId, key);
	const clean = validatePostInput(input);
	doc.transact(() => {
		collection(doc, ROOT.posts).set(key, {
			...previous,
			...clean,
			schemaVersion: SCHEMA_VERSION,
			updatedAt: now
		});
	}, origin);
}

export function setPostStatus(
	doc: Y.Doc,
	authorId: string,
	key: string,
	status: PostStatus,
	now: number,
	origin?: unknown
): void {
	const previous = ownRecord(doc, authorId, key);
	if (previous.status === status) return;
	doc.transact(() => {
		collection(doc, ROOT.posts).set(key, { ...previous, status, updatedAt: now });
	}, origin);
}

/**
 * Stores (or clears) the author's contact details, sealed to the author, on their post. Not an
 * edit others can see: `updatedAt` stays, so the post does not show "modifié" to everyone (nor
 * tell them the author changed their number).
 */
export function setPostContact(
	doc: Y.Doc,
	authorId: string,
	key: string,
	contactSealed: SealedSet | null,
	origin?: unknown
): void {
	const previous = ownRecord(doc, authorId, key);
	doc.transact(() => {
		collection(doc, ROOT.posts).set(key, { ...previous, contactSealed });
	}, origin);
}
