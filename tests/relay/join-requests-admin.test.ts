/**
 * Join requests against the real relay process, the admins' side (issue 16): an admin lists the
 * requests and accepts one with the invite sealed to the requester, who polls, opens it and
 * connects to the room with its token and proof; a declined requester gets words and nothing of
 * the board; only a current admin's device, signing the very call, may decide; a decision sent
 * twice is one decision.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { open, seal, type Sealed } from '../../src/lib/domain/identity/sealed';
import { joinInviteContext, joinRequestId } from '../../src/lib/domain/join/request';
import { promoteAdmin, removeMember } from '../../src/lib/domain/trust/moderation';
import { deriveRoomToken } from '../../src/lib/sync/room-token';
import {
	certificateOf,
	connectClient,
	destroyAllClients,
	linkDevice,
	testMember,
	waitFor
} from './clients';
import {
	adminAuthorization,
	adminCall,
	adminListPath,
	boardWith,
	call,
	decisionPath,
	newRequester,
	pollStatus,
	printSeedOnFailure,
	requestsPath,
	SEED,
	signedRequest,
	type Requester,
	type TestBoard
} from './join-requests-helpers';
import { linkedDevices } from './linked-devices';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const QUESTION = 'Pourquoi voulez-vous nous rejoindre ?';

describe('join requests: the admins', () => {
	let relay: RelayProcess;
	const gen = prng.create(SEED + 1);
	beforeAll(async () => {
		relay = await startRelayProcess({ env: { QUARTIER_JOIN_REQUESTS_PER_IP: '100000' } });
	});
	beforeEach(printSeedOnFailure);
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	const { publishDevices, removedAt, stored } = linkedDevices(() => relay);

	async function asked(board: string, requester: Requester, answer = 'Je viens d’arriver') {
		const answer201 = await call(
			relay,
			'POST',
			requestsPath(board),
			signedRequest(requester, board, [answer])
		);
		expect(answer201.status).toBe(201);
		return String(answer201.json.requestId);
	}

	async function sealedInviteFor(b: TestBoard, requestId: string, to: string): Promise<Sealed> {
		const invite = JSON.stringify({ boardId: b.board, secret: b.secret });
		const { privateKey, publicKey } = b.adminKeys;
		return seal(privateKey, publicKey, to, joinInviteContext(requestId), invite);
	}

	it('lists requests to an admin; an accepted requester opens the sealed invite and connects to the room', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const chloe = await newRequester(gen);
		const requestId = await asked(b.board, chloe, 'J’aimerais aider le samedi');
		expect(requestId).toBe(joinRequestId(b.board, chloe.member.memberId));

		const list = await adminCall(relay, b.admin, b.board, 'GET', adminListPath(b.board));
		expect(list.status).toBe(200);
		expect(list.headers['cache-control']).toBe('no-store');
		expect(list.json.requests).toEqual([
			{
				requestId,
				memberId: chloe.member.memberId,
				name: 'Chloé',
				bio: 'Nouvelle à Bonnevoie',
				answers: ['J’aimerais aider le samedi'],
				encryptionKey: chloe.keys.publicKey,
				at: expect.any(Number),
				status: 'pending',
				decidedAt: null,
				decidedBy: null,
				message: ''
			}
		]);

		// Before a decision the poll says pending, with nothing of the board.
		const waiting = await pollStatus(relay, chloe.member, requestId);
		expect(waiting.json).toMatchObject({ requestId, boardId: b.board, status: 'pending' });
		expect(waiting.json.sealedInvite).toBeNull();

		const sealedInvite = await sealedInviteFor(b, requestId, chloe.keys.publicKey);
		const decision = { decision: 'accept', message: 'Bienvenue !', sealedInvite };
		const accepted = await adminCall(
			relay,
			b.admin,
			b.board,
			'POST',
			decisionPath(b.board, requestId),
			decision
		);
		expect(accepted.status).toBe(200);
		expect(accepted.json).toEqual({ status: 'accepted' });

		const status = await pollStatus(relay, chloe.member, requestId);
		expect(status.status).toBe(200);
		expect(status.json).toMatchObject({
			requestId,
			boardId: b.board,
			status: 'accepted',
			message: 'Bienvenue !',
			decidedAt: expect.any(Number)
		});
		const opened = await open(
			chloe.keys.privateKey,
			chloe.keys.publicKey,
			status.json.sealedInvite as Sealed,
			joinInviteContext(requestId)
		);
		const invite = JSON.parse(opened ?? 'null') as { boardId: string; secret: string };
		expect(invite).toEqual({ boardId: b.board, secret: b.secret });

		const token = deriveRoomToken(invite.boardId, invite.secret);
		const client = connectClient(relay, invite.boardId, token, { member: chloe.member });
		await waitFor(() => client.provider.synced, 'accepted requester synced');
		expect(client.closes).toEqual([]);
		expect(client.doc.getMap('board').size).toBe(1);

		// The list now shows who decided, and when.
		const after = await adminCall(relay, b.admin, b.board, 'GET', adminListPath(b.board));
		expect(after.json.requests).toMatchObject([
			{ requestId, status: 'accepted', decidedBy: b.admin.memberId, message: 'Bienvenue !' }
		]);
	});

	it('tells a declined requester in words and gives them nothing of the board', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const dan = await newRequester(gen);
		const requestId = await asked(b.board, dan);
		const decline = {
			decision: 'decline',
			message: 'Réservé aux voisins de la rue',
			sealedInvite: null
		};
		const declined = await adminCall(
			relay,
			b.admin,
			b.board,
			'POST',
			decisionPath(b.board, requestId),
			decline
		);
		expect(declined.json).toEqual({ status: 'declined' });
		const status = await pollStatus(relay, dan.member, requestId);
		expect(status.json).toEqual({
			requestId,
			boardId: b.board,
			status: 'declined',
			message: 'Réservé aux voisins de la rue',
			decidedAt: expect.any(Number),
			sealedInvite: null
		});
		expect(status.text).not.toContain(b.secret);
		expect(status.text).not.toContain(b.token);
		// Asking again changes nothing.
		const again = await call(
			relay,
			'POST',
			requestsPath(b.board),
			signedRequest(dan, b.board, ['Svp'])
		);
		expect(again.status).toBe(409);
		expect(again.json).toEqual({ error: 'already-decided' });
	});

	it('takes a decision sent twice as one, and refuses another decision with 409', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const chloe = await newRequester(gen);
		const requestId = await asked(b.board, chloe);
		const sealedInvite = await sealedInviteFor(b, requestId, chloe.keys.publicKey);
		const path = decisionPath(b.board, requestId);
		// Accepting without an invite, or with one sealed to another key, is no decision.
		const other = await newRequester(gen);
		for (const bad of [
			{ decision: 'accept', message: '', sealedInvite: null },
			{
				decision: 'accept',
				message: '',
				sealedInvite: await sealedInviteFor(b, requestId, other.keys.publicKey)
			},
			{ decision: 'accept', message: '', sealedInvite: { ...sealedInvite, ct: 'x'.repeat(3000) } },
			{ decision: 'maybe', message: '', sealedInvite },
			{ decision: 'decline', message: 'm'.repeat(301), sealedInvite: null }
		]) {
			const answer = await adminCall(relay, b.admin, b.board, 'POST', path, bad);
			expect(answer.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
		}
		const accept = { decision: 'accept', message: '', sealedInvite };
		for (let i = 0; i < 2; i++) {
			const answer = await adminCall(relay, b.admin, b.board, 'POST', path, accept);
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ status: 'accepted' });
		}
		const decline = await adminCall(relay, b.admin, b.board, 'POST', path, {
			decision: 'decline',
			message: '',
			sealedInvite: null
		});
		expect(decline.status).toBe(409);
		expect(decline.json).toEqual({ error: 'already-decided' });
		expect((await pollStatus(relay, chloe.member, requestId)).json.status).toBe('accepted');
	});

	it('refuses a non-admin (403), a removed member (403), an admin’s device taken back (403) and bad signatures (401)', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const requester = await newRequester(gen);
		const requestId = await asked(b.board, requester);
		const path = adminListPath(b.board);
		const expectAnswer = async (device: typeof b.admin, status: number, error: string) => {
			const answer = await adminCall(relay, device, b.board, 'GET', path);
			expect(answer.status).toBe(status);
			expect(answer.json).toEqual({ error });
			expect(answer.text).not.toContain(requestId);
		};
		await expectAnswer(testMember(gen), 403, 'not-admin');

		// A member removed by the admin.
		const member = testMember(gen);
		const memberClient = connectClient(relay, b.board, b.token, { member });
		await waitFor(() => memberClient.provider.synced, 'member synced');
		removeMember(b.client.doc, b.board, b.admin.memberId, member.memberId, 'spam', 3);
		await stored(b.client);
		await expectAnswer(member, 403, 'not-admin');

		// A promoted admin is an admin from every device, until a device is taken back.
		const second = testMember(gen);
		const phone = linkDevice(second);
		promoteAdmin(b.client.doc, b.board, b.admin.memberId, second.memberId, 4);
		await stored(b.client);
		expect((await adminCall(relay, phone, b.board, 'GET', path)).status).toBe(200);
		const secondClient = connectClient(relay, b.board, b.token, { member: second });
		await waitFor(() => secondClient.provider.synced, 'second admin synced');
		publishDevices(secondClient, [removedAt(certificateOf(phone))]);
		await stored(secondClient);
		await expectAnswer(phone, 403, 'not-admin');
		expect((await adminCall(relay, second, b.board, 'GET', path)).status).toBe(200);

		// Signatures: none, garbage, for another path, another board, stale, by a key the id does not derive from.
		const empty = Buffer.alloc(0);
		const headers = [
			undefined,
			'Quartier',
			'Quartier !!!',
			`Quartier ${Buffer.from('{"memberId":1}').toString('base64url')}`,
			`Bearer ${b.token}`,
			adminAuthorization(b.admin, b.board, 'GET', `${path}?x=1`, empty),
			adminAuthorization(b.admin, b.board, 'POST', path, empty),
			adminAuthorization(b.admin, b.board, 'GET', path, Buffer.from('{}')),
			adminAuthorization(b.admin, b.board, 'GET', path, empty, Date.now() - 6 * 60_000),
			adminAuthorization(b.admin, b.board, 'GET', path, empty, Date.now() + 6 * 60_000),
			adminAuthorization(
				{ ...testMember(gen), memberId: b.admin.memberId },
				b.board,
				'GET',
				path,
				empty
			)
		];
		for (const authorization of headers) {
			const answer = await call(relay, 'GET', path, undefined, {
				headers: authorization === undefined ? {} : { Authorization: authorization }
			});
			expect(answer.status, authorization).toBe(401);
			expect(answer.json).toEqual({ error: 'bad-signature' });
		}
		// A status poll signed by another key than the request's, or out of the window, is 401 too.
		for (const poll of [
			pollStatus(relay, b.admin, requestId),
			pollStatus(relay, linkDevice(requester.member), requestId),
			pollStatus(relay, requester.member, requestId, Date.now() - 6 * 60_000)
		]) {
			const answer = await poll;
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual({ error: 'bad-signature' });
		}
		expect((await pollStatus(relay, requester.member, requestId)).status).toBe(200);
	});
});
