import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEncryptionKeys, seal } from '$lib/domain/identity/sealed';
import { joinInviteContext, type SignedJoinRequest } from '$lib/domain/join/request';
import type { JoinStatusAnswer } from '$lib/domain/directory/api-types';
import { loadBoardEntry, saveBoardEntry, saveResults } from '$lib/persistence/directory-cache';
import { entry, fakeHost, type FakeHost } from './join-fixtures';
import { MyJoinRequests } from './my-join-requests.svelte';

const BOARD = 'b'.repeat(22);
const SECRET = 's'.repeat(44);

let host: FakeHost;
afterEach(() => host.db.delete());

function relay() {
	const asked: SignedJoinRequest[] = [];
	let status: Omit<JoinStatusAnswer, 'requestId' | 'boardId'> = {
		status: 'pending',
		message: '',
		decidedAt: null,
		sealedInvite: null
	};
	return {
		asked,
		answer(next: typeof status) {
			status = next;
		},
		client: {
			ask: (request: SignedJoinRequest) => {
				asked.push(request);
				return Promise.resolve({ requestId: 'r'.repeat(22), status: 'pending' });
			},
			status: (_s: unknown, requestId: string) =>
				Promise.resolve({ requestId, boardId: BOARD, ...status })
		}
	};
}

async function sealedFor(encryptionKey: string, requestId: string, invite: unknown) {
	const admin = await generateEncryptionKeys();
	return seal(
		admin.privateKey,
		admin.publicKey,
		encryptionKey,
		joinInviteContext(requestId),
		JSON.stringify(invite)
	);
}

describe('my join requests', () => {
	it('sends a signed request with my keys and keeps it pending', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		const mine = new MyJoinRequests(host);
		await mine.ask(entry(BOARD), { name: 'Chloé', bio: 'Voisine', answers: ['Pour aider'] });
		expect(r.asked[0]!.body).toMatchObject({
			boardId: BOARD,
			memberId: host.identity.memberId,
			encryptionKey: host.identity.encryptionKey,
			answers: ['Pour aider']
		});
		expect(mine.pending).toHaveLength(1);
		await mine.check();
		expect(mine.list[0]!.status).toBe('pending');
		expect(mine.list[0]!.lastCheckedAt).not.toBeNull();
	});

	it('on acceptance opens the invite sealed to this device and joins the board', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		const mine = new MyJoinRequests(host);
		const requestId = await mine.ask(entry(BOARD), { name: 'Chloé', bio: '', answers: ['x'] });
		const joined: string[] = [];
		mine.onJoined((id) => joined.push(id));
		r.answer({
			status: 'accepted',
			message: 'Bienvenue',
			decidedAt: 5,
			sealedInvite: await sealedFor(host.identity.encryptionKey, requestId, {
				boardId: BOARD,
				secret: SECRET
			})
		});
		await mine.check();
		expect(host.joined).toEqual([{ boardId: BOARD, secret: SECRET }]);
		expect(joined).toEqual([BOARD]);
		expect(mine.list[0]).toMatchObject({ status: 'accepted', message: 'Bienvenue' });
		expect(mine.list[0]!.joinedAt).not.toBeNull();
		expect(mine.pending).toEqual([]);
	});

	it('refuses an invite sealed under another request or naming another board', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		const mine = new MyJoinRequests(host);
		const requestId = await mine.ask(entry(BOARD), { name: 'Chloé', bio: '', answers: ['x'] });
		r.answer({
			status: 'accepted',
			message: '',
			decidedAt: 5,
			sealedInvite: await sealedFor(host.identity.encryptionKey, 'o'.repeat(22), {
				boardId: BOARD,
				secret: SECRET
			})
		});
		await mine.check();
		expect(host.joined).toEqual([]);
		expect(mine.unreadable.has(requestId)).toBe(true);

		r.answer({
			status: 'accepted',
			message: '',
			decidedAt: 5,
			sealedInvite: await sealedFor(host.identity.encryptionKey, requestId, {
				boardId: 'x'.repeat(22),
				secret: SECRET
			})
		});
		await mine.check();
		expect(host.joined).toEqual([]);
	});

	it('on decline keeps the message and forgets everything the directory said of the board', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		const listed = entry(BOARD);
		await saveBoardEntry(host.db, listed, 1);
		await saveResults(host.db, 'k', { q: 'luxemb' } as never, { boards: [listed], total: 1 }, 1);
		const mine = new MyJoinRequests(host);
		await mine.ask(listed, { name: 'Denis', bio: '', answers: ['x'] });
		r.answer({
			status: 'declined',
			message: 'Réservé aux habitants',
			decidedAt: 9,
			sealedInvite: null
		});
		await mine.check();
		expect(mine.list[0]).toMatchObject({ status: 'declined', message: 'Réservé aux habitants' });
		expect(host.joined).toEqual([]);
		expect(await loadBoardEntry(host.db, BOARD)).toBeNull();
		const kept = await host.db.directoryResults.toArray();
		expect(JSON.stringify(kept)).not.toContain('Aide informatique');
	});

	it('joins an open board at once with the secret the relay hands out', async () => {
		host = await fakeHost({
			joinOpen: (request: SignedJoinRequest) =>
				Promise.resolve({ boardId: request.body.boardId, secret: SECRET })
		});
		const mine = new MyJoinRequests(host);
		const id = await mine.joinOpen(entry(BOARD, { visibility: 'open', questions: [] }), {
			name: 'Chloé',
			bio: '',
			answers: []
		});
		expect(id).toBe(BOARD);
		expect(host.joined).toEqual([{ boardId: BOARD, secret: SECRET }]);
		expect(mine.list).toEqual([]);
	});

	it('refuses an open board’s answer for another board', async () => {
		host = await fakeHost({
			joinOpen: () => Promise.resolve({ boardId: 'x'.repeat(22), secret: SECRET })
		});
		const mine = new MyJoinRequests(host);
		await expect(
			mine.joinOpen(entry(BOARD, { visibility: 'open', questions: [] }), {
				name: 'Chloé',
				bio: '',
				answers: []
			})
		).rejects.toMatchObject({ code: 'bad-answer' });
		expect(host.joined).toEqual([]);
	});
});
