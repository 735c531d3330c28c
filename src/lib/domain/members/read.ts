/** Validated, read-only member profiles of a board doc. Invalid records are skipped and reported. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, PROFILE_RECORD_ID, ROOT } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { firstIssue } from '../fields';
import { memberIdFromPublicKey } from '../identity/member-id';
import { parseRecordKey } from '../ids';
import type { MemberProfile } from './types';
import { MemberRecord } from './validate';

/** Members whose record is well-formed and whose id really derives from their public key. */
export function readMembers(doc: Y.Doc, invalid: InvalidRecord[] = []): Map<string, MemberProfile> {
	const members = new Map<string, MemberProfile>();
	collection(doc, ROOT.members).forEach((raw, key) => {
		const parsed = parseRecordKey(key);
		const result = v.safeParse(MemberRecord, raw);
		if (!parsed || parsed.recordId !== PROFILE_RECORD_ID) {
			invalid.push({ collection: ROOT.members, key, reason: 'bad key' });
		} else if (!result.success) {
			invalid.push({ collection: ROOT.members, key, reason: firstIssue(result) });
		} else if (memberIdFromPublicKey(result.output.publicKey) !== parsed.authorId) {
			invalid.push({
				collection: ROOT.members,
				key,
				reason: 'public key does not match member id'
			});
		} else {
			const { name, bio, publicKey, joinedAt, encryptionKey, signature } = result.output;
			members.set(parsed.authorId, {
				id: parsed.authorId,
				name,
				bio,
				publicKey,
				joinedAt,
				encryptionKey: encryptionKey ?? null,
				signature,
				signer: result.output.signer ?? publicKey,
				devices: result.output.devices,
				rootRemovedAt: result.output.rootRemovedAt,
				updatedAt: result.output.updatedAt,
				photo: result.output.photo ?? null
			});
		}
	});
	return members;
}
