/**
 * Helpers of the invite-link tests (issue 17): a link an admin makes on a board (its own secret,
 * its record in the document), and a newcomer who tries it and either syncs or is closed.
 */
import * as Y from 'yjs';
import { newBoardSecret } from '../../src/lib/domain/board/invite';
import {
	createInviteLink,
	revokeInviteLink,
	type InviteLinkInput
} from '../../src/lib/domain/board/invite-links';
import { randomId } from '../../src/lib/domain/ids';
import { deriveRoomToken, linkTokenHash } from '../../src/lib/sync/room-token';
import { connectClient, testMember, waitFor, type SyncClient, type TestMember } from './clients';
import type { TestBoard } from './join-requests-helpers';
import type { RelayProcess } from './relay-process';

export interface TestLink {
	secret: string;
	token: string;
	hash: string;
}

export async function makeLink(
	b: TestBoard,
	input: Partial<InviteLinkInput> = {},
	by: SyncClient = b.client
): Promise<TestLink> {
	const secret = newBoardSecret();
	const hash = linkTokenHash(b.board, secret);
	const link = { name: 'Affiche', expiresAt: null, maxUses: null, ...input };
	createInviteLink(
		by.doc,
		b.board,
		by.member.memberId,
		{ linkId: randomId(), tokenHash: hash, ...link },
		Date.now()
	);
	await waitFor(() => by.isAcked(), 'invite link stored');
	return { secret, token: deriveRoomToken(b.board, secret), hash };
}

export async function revoke(b: TestBoard, hash: string): Promise<void> {
	revokeInviteLink(b.client.doc, b.board, b.admin.memberId, hash, Date.now());
	await waitFor(() => b.client.isAcked(), 'revocation stored');
}

export type Outcome =
	{ synced: true; client: SyncClient } | { synced: false; code: number; client: SyncClient };

/** Connects `member` with `token` and waits until it syncs or the relay closes it. */
export async function tryJoin(
	relay: RelayProcess,
	board: string,
	token: string,
	member: TestMember = testMember()
): Promise<Outcome> {
	const client = connectClient(relay, board, token, { member, doc: new Y.Doc() });
	await waitFor(
		() => client.provider.synced || client.closes.length > 0,
		'the newcomer synced or was closed'
	);
	if (client.provider.synced) return { synced: true, client };
	client.provider.disconnect();
	return { synced: false, code: client.closes[0]!.code, client };
}
