/**
 * Saving the post form, new or edited: the post and its private contact details are checked
 * together (one round of error messages), then written; the contact is sealed only when changed.
 */
import type { ContactDetails } from '$lib/domain/engagement/types';
import { ValidationError } from '$lib/domain/errors';
import * as help from '$lib/domain/help/commands';
import { isEmptyContact, validateContact } from '$lib/domain/help/contact';
import type { PostInput } from '$lib/domain/help/types';
import type { BoardSession } from '$lib/state/board/session.svelte';

export type SaveResult =
	| { kind: 'saved'; key: string }
	| { kind: 'invalid'; errors: Record<string, string> }
	/** `key` is set when the post itself was saved and only its contact details failed. */
	| { kind: 'failed'; key: string | null };

const fieldsOf = (check: () => unknown): Record<string, string> => {
	try {
		check();
		return {};
	} catch (error) {
		if (error instanceof ValidationError) return error.fields;
		throw error;
	}
};

/**
 * @param key the post to edit, or null to publish a new one
 * @param previous the contact details the post carries now (null: none, or unreadable here)
 */
export async function savePost(
	session: BoardSession,
	key: string | null,
	input: PostInput,
	contact: ContactDetails,
	previous: ContactDetails | null
): Promise<SaveResult> {
	const errors = {
		...fieldsOf(() => help.validatePostInput(input)),
		...fieldsOf(() => validateContact(contact))
	};
	if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
	let saved: string | null = null;
	try {
		if (key) session.posts.edit(key, input);
		else key = session.posts.create(input);
		saved = key;
		const clean = validateContact(contact);
		const unchanged = previous
			? clean.phone === previous.phone && clean.address === previous.address
			: isEmptyContact(clean);
		if (!unchanged) await session.aid.setPostContact(key, isEmptyContact(clean) ? null : clean);
		return { kind: 'saved', key };
	} catch (error) {
		console.error(error);
		return { kind: 'failed', key: saved };
	}
}
