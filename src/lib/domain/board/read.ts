/** Validated, read-only views of a board doc. Invalid records are skipped and reported. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseRecordKey } from '../ids';
import { boardIdFor } from './board-id';
import { BOARD_RECORD_ID, collection, PROFILE_RECORD_ID, ROOT } from './schema';
import type { BoardInfo, InvalidRecord, MemberProfile } from './types';
import { BoardRecord, firstIssue, MemberRecord } from './validate';
import { hashId } from '../ids';
import { fromBase64UrlEncoded } from 'lib0/buffer';

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

export function memberIdFromPublicKey(publicKey: string): string {
	return hashId(fromBase64UrlEncoded(publicKey));
}

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
				updatedAt: result.output.updatedAt
			});
		}
	});
	return members;
}
