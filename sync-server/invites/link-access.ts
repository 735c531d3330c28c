/**
 * Which tokens open a room besides its first one (issue 17, ARCHITECTURE.md "Invite links"), read
 * from the admins' invite-link records in the board's document. A live link lets anyone in; a
 * revoked, expired or used-up one (and the board's first link, once revoked) only a member the
 * room already knows: one with a client id bound here, or with a profile in the document, which
 * only that member could have written. Removed members are refused before this (policy/).
 */
import {
	linkStanding,
	readInviteLinks,
	type LinkStanding
} from '../../src/lib/domain/board/invite-links';
import { collection, PROFILE_RECORD_ID, ROOT } from '../../src/lib/domain/board/schema';
import { recordKey } from '../../src/lib/domain/ids';
import type { Room } from '../room';
import type { InviteUses } from './use-store';

/** `first`: the room's first token; otherwise the standing of the link it belongs to. */
export type TokenKind = 'first' | 'link';

/** What the token lets in now: anyone (`open`), members already known (`members`), nobody. */
export type LinkAccess = 'open' | 'members' | 'none';

export function linkAccess(
	room: Room,
	kind: TokenKind,
	hash: string,
	uses: InviteUses,
	now: number
): LinkAccess {
	const state = readInviteLinks(room.doc, room.id);
	const standing: LinkStanding = linkStanding(state, hash, uses.count(room.id, hash), now);
	if (kind === 'first') return standing === 'revoked' ? 'members' : 'open';
	if (standing === 'unknown') return 'none';
	return standing === 'live' ? 'open' : 'members';
}

export function isKnownMember(room: Room, memberId: string): boolean {
	if (room.policy.knowsMember(memberId)) return true;
	return collection(room.doc, ROOT.members).has(recordKey(memberId, PROFILE_RECORD_ID));
}
