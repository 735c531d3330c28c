import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { linkTokenHash } from '$lib/sync/room-token';
import type { AdminRequestView } from '$lib/domain/directory/api-types';
import { generateEncryptionKeys, open, type Sealed } from '$lib/domain/identity/sealed';
import { joinInviteContext, type JoinDecision } from '$lib/domain/join/request';
import { DirectoryError } from '$lib/sync/directory-client';
import type { BoardSession } from './board/session.svelte';
import { BoardRequests } from './board-requests.svelte';
import { DecisionOutbox } from './decision-outbox.svelte';
import { fakeHost, type FakeHost } from './join-fixtures';

const BOARD = 'b'.repeat(22);
const SECRET = 's'.repeat(44);

let host: FakeHost;
afterEach(() => host.db.delete());

async function setUp() {
	const requester = await generateEncryptionKeys();
	const request: AdminRequestView = {
		requestId: 'r'.repeat(22),
		memberId: 'm'.repeat(22),
		name: 'Chloé',
		bio: '',
		answers: ['Voisine'],
		encryptionKey: requester.publicKey,
		at: 1,
		status: 'pending',
		decidedAt: null,
		decidedBy: null,
		message: ''
	};
	const sent: JoinDecision[] = [];
	const relay = { list: [request], down: false };
	host = await fakeHost({
		adminRequests: () =>
			relay.down ? Promise.reject(new DirectoryError('unreachable')) : Promise.resolve(relay.list),
		decide: (_s: unknown, _b: string, _r: string, decision: JoinDecision) => {
			if (relay.down) return Promise.reject(new DirectoryError('unreachable'));
			sent.push(decision);
			return Promise.resolve();
		}
	});
	const admitted: string[] = [];
	const session = {
		id: BOARD,
		moderation: {
			isAdmin: true,
			visibility: { visibility: 'listed', questions: ['Pourquoi ?'] },
			admit: (memberId: string, requestId: string) => admitted.push(`${memberId}/${requestId}`),
			// No link records: the admin's own secret still lets people in, and is what is sealed.
			inviteLinks: { links: [], revoked: new Map() },
			tokenHashOf: (secret: string) => linkTokenHash(BOARD, secret)
		}
	} as unknown as BoardSession;
	const outbox = new DecisionOutbox(host);
	const requests = new BoardRequests(host, outbox, session, SECRET);
	return { requester, request, relay, sent, admitted, outbox, requests };
}

describe("a board's join requests, for its admins", () => {
	it('accepts offline: the invite is sealed to the requester, the admission written, the decision queued', async () => {
		const t = await setUp();
		await t.requests.refresh();
		expect(t.requests.pendingCount).toBe(1);

		t.relay.down = true;
		host.online = false;
		await t.requests.accept(t.request, ' Bienvenue ');
		expect(t.admitted).toEqual([`${t.request.memberId}/${t.request.requestId}`]);
		expect(t.requests.statusOf(t.requests.requests[0]!)).toBe('queued');
		expect(t.requests.pendingCount).toBe(0);

		// The relay still says pending when the phone comes back: the queued decision wins.
		host.online = true;
		t.relay.down = false;
		await t.requests.refresh();
		expect(t.requests.requests[0]!.status).toBe('accepted');

		await t.outbox.flush();
		expect(t.sent).toHaveLength(1);
		const decision = t.sent[0]!;
		expect(decision).toMatchObject({ decision: 'accept', message: 'Bienvenue' });
		const plain = await open(
			t.requester.privateKey,
			t.requester.publicKey,
			decision.sealedInvite as Sealed,
			joinInviteContext(t.request.requestId)
		);
		expect(JSON.parse(plain!)).toEqual({ boardId: BOARD, secret: SECRET });
		expect(t.outbox.sent).toBe(1);
	});

	it('declines with the message and nothing sealed', async () => {
		const t = await setUp();
		await t.requests.refresh();
		await t.requests.decline(t.request, 'Complet');
		await t.outbox.flush();
		expect(t.sent).toEqual([{ decision: 'decline', message: 'Complet', sealedInvite: null }]);
		expect(t.admitted).toEqual([]);
	});
});
