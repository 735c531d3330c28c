/** Writing my member record into a board doc, in one transaction with the caller's origin. */
import type * as Y from 'yjs';
import { collection, PROFILE_RECORD_ID, ROOT, SCHEMA_VERSION } from '../board/schema';
import { recordKey } from '../ids';
import type { ProfileFields } from './types';

export interface SignedProfile extends ProfileFields {
	signature: string;
}

/** Fields a profile may lack; one left over from the previous record would break the signature. */
const OPTIONAL_SIGNED_FIELDS = [
	'encryptionKey',
	'signer',
	'devices',
	'rootRemovedAt',
	'updatedAt',
	'photo'
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
