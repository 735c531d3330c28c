/**
 * This device's signed invite card for a board (domain/board/invite-card.ts): the board's name and
 * city, my name, signed with this device's key and chain, like its connection proof.
 */
import { signInviteCard, type InviteCard } from '$lib/domain/board/invite-card';
import { INVITE_CARD_LIMITS } from '$lib/domain/board/invite-card';
import { signBytes } from '$lib/domain/identity/keys';
import { ownDeviceKey, proofChain } from '$lib/domain/identity/my-devices';
import type { StoredIdentity } from '$lib/persistence/db';

export function myInviteCard(
	identity: StoredIdentity,
	board: { id: string; name: string; city: string },
	now = Date.now()
): Promise<InviteCard> {
	return signInviteCard(
		{
			boardId: board.id,
			boardName: board.name.slice(0, INVITE_CARD_LIMITS.boardName),
			city: board.city.slice(0, INVITE_CARD_LIMITS.city),
			inviterName: identity.name.slice(0, INVITE_CARD_LIMITS.inviterName),
			inviterId: identity.memberId,
			deviceKey: ownDeviceKey(identity),
			chain: proofChain(identity),
			issuedAt: now
		},
		(bytes) => signBytes(identity.privateKey, bytes)
	);
}
