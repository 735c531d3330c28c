/**
 * The invite-link commands that mint a secret (issue 17): a named link an admin makes, and the
 * link an open board's visibility mark hands to whoever joins from the directory.
 */
import { newBoardSecret } from '$lib/domain/board/invite';
import {
	createInviteLink,
	linkStanding,
	readInviteLinks,
	revokeInviteLink,
	type InviteLinkInput
} from '$lib/domain/board/invite-links';
import { readVisibility, type VisibilityInput } from '$lib/domain/directory/visibility';
import { randomId } from '$lib/domain/ids';
import { linkTokenHash } from '$lib/sync/room-token';
import type { BoardScope } from './scope';

export function mintInviteLink(
	scope: BoardScope,
	input: InviteLinkInput,
	now: number
): { linkId: string; secret: string } {
	const { doc, boardId, me, origin } = scope;
	const secret = newBoardSecret();
	const linkId = randomId();
	const tokenHash = linkTokenHash(boardId, secret);
	createInviteLink(doc, boardId, me, { linkId, tokenHash, ...input }, now, origin);
	return { linkId, secret };
}

/**
 * Runs inside setVisibility's transaction; returns the secret the new mark carries. Opening keeps
 * the open board's current link while it is live, or mints one; closing revokes the link an
 * earlier opening minted (a board opened before links existed carried its first secret: that
 * one stays, as its members hold it).
 */
export function visibilityWithLink(
	scope: BoardScope,
	input: VisibilityInput,
	linkName: string,
	now: number
): string {
	const { doc, boardId, me, origin } = scope;
	const links = readInviteLinks(doc, boardId);
	const previous = readVisibility(doc, boardId).inviteSecret;
	const previousHash = previous ? linkTokenHash(boardId, previous) : null;
	const minted = previousHash !== null && links.links.some((l) => l.tokenHash === previousHash);
	if (input.visibility === 'open') {
		if (previous && minted && linkStanding(links, previousHash, 0, now) === 'live') return previous;
		const name = linkName;
		return mintInviteLink(scope, { name, expiresAt: null, maxUses: null }, now).secret;
	}
	if (minted && !links.revoked.has(previousHash)) {
		revokeInviteLink(doc, boardId, me, previousHash, now, origin);
	}
	return '';
}
