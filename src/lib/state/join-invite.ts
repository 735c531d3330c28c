/**
 * What the join page decides on opening an invite link (issue 17): a broken link, a board this
 * device already has with that secret (straight to it), someone without an identity yet (the
 * card's words, then the welcome screen), or someone who already uses Quartier (asked first).
 */
import { verifiedInviteCard, type InviteCard } from '$lib/domain/board/invite-card';
import { inviteCardParam, parseInviteFragment, type Invite } from '$lib/domain/board/invite';
import { verifyBytes } from '$lib/domain/identity/keys';

export type JoinStep =
	| { step: 'broken' }
	| { step: 'member'; invite: Invite }
	| { step: 'newcomer' | 'confirm'; invite: Invite; card: InviteCard | null };

export interface JoinHost {
	hasIdentity: boolean;
	secretOf(boardId: string): string | undefined;
}

export async function joinStep(hash: string, host: JoinHost): Promise<JoinStep> {
	const invite = parseInviteFragment(hash);
	if (!invite) return { step: 'broken' };
	if (host.hasIdentity && host.secretOf(invite.boardId) === invite.secret) {
		return { step: 'member', invite };
	}
	const encoded = inviteCardParam(hash);
	// A card that does not check out is ignored: the link still works, without its words.
	const card = encoded ? await verifiedInviteCard(encoded, invite.boardId, verifyBytes) : null;
	return { step: host.hasIdentity ? 'confirm' : 'newcomer', invite, card };
}
