/**
 * Invite links against the real relay process (issue 17): an admin's live link lets a newcomer
 * in; a revoked, expired or used-up link refuses newcomers with 4412 after their proof and before
 * any byte of the board, while whoever joined with it keeps connecting and writing; a record by
 * someone who is not an admin opens nothing; admins read each link's count with a signed call.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collection, ROOT } from '../../src/lib/domain/board/schema';
import { randomId } from '../../src/lib/domain/ids';
import { CLOSE_BAD_TOKEN, CLOSE_INVITE_REVOKED } from '../../src/lib/sync/protocol';
import { deriveRoomToken, linkTokenHash } from '../../src/lib/sync/room-token';
import { newBoardSecret } from '../../src/lib/domain/board/invite';
import { destroyAllClients, testMember, waitFor } from './clients';
import {
	adminAuthorization,
	adminCall,
	boardWith,
	call,
	printSeedOnFailure,
	SEED
} from './join-requests-helpers';
import { makeLink, revoke, tryJoin } from './invites-helpers';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const invitesPath = (board: string) => `/api/boards/${board}/invites`;

describe('invite links', () => {
	let relay: RelayProcess;
	const gen = prng.create(SEED + 17);
	beforeAll(async () => {
		relay = await startRelayProcess({ env: { QUARTIER_JOIN_REQUESTS_PER_IP: '100000' } });
	});
	beforeEach(printSeedOnFailure);
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('a live link lets a newcomer in, who writes; the admin reads the count', async () => {
		const b = await boardWith(relay, gen, 'private');
		const link = await makeLink(b);
		const amelie = await tryJoin(relay, b.board, link.token);
		expect(amelie.synced).toBe(true);
		amelie.client.write('post1', { title: 'Perceuse à prêter' });
		await waitFor(() => amelie.client.isAcked(), 'the newcomer’s post stored');
		expect(amelie.client.refusals).toEqual([]);

		const counts = await adminCall(relay, b.admin, b.board, 'GET', invitesPath(b.board));
		expect(counts.status).toBe(200);
		expect((counts.json.uses as Record<string, number>)[link.hash]).toBe(1);
	});

	it('a revoked link refuses a newcomer with 4412, after the proof, with nothing of the board; who joined with it keeps going', async () => {
		const b = await boardWith(relay, gen, 'private');
		const link = await makeLink(b);
		const bruno = testMember(gen);
		const first = await tryJoin(relay, b.board, link.token, bruno);
		expect(first.synced).toBe(true);
		first.client.destroy();
		await revoke(b, link.hash);

		const late = await tryJoin(relay, b.board, link.token);
		expect(late).toMatchObject({ synced: false, code: CLOSE_INVITE_REVOKED });
		expect(late.client.challenges).toBe(1);
		expect(late.client.doc.getMap(ROOT.board).size).toBe(0);
		expect(late.client.doc.getMap(ROOT.moderation).size).toBe(0);

		const again = await tryJoin(relay, b.board, link.token, bruno);
		expect(again.synced).toBe(true);
		again.client.write('post2', { title: 'Toujours là' });
		await waitFor(() => again.client.isAcked(), 'the member’s post stored');
		expect(again.client.refusals).toEqual([]);
	});

	it('the board’s first link can be revoked too: its members still enter, newcomers do not', async () => {
		const b = await boardWith(relay, gen, 'private');
		const chloe = testMember(gen);
		const joined = await tryJoin(relay, b.board, b.token, chloe);
		expect(joined.synced).toBe(true);
		joined.client.destroy();
		await revoke(b, linkTokenHash(b.board, b.secret));

		expect(await tryJoin(relay, b.board, b.token)).toMatchObject({
			synced: false,
			code: CLOSE_INVITE_REVOKED
		});
		expect((await tryJoin(relay, b.board, b.token, chloe)).synced).toBe(true);
		expect((await tryJoin(relay, b.board, b.token, b.admin)).synced).toBe(true);
	});

	it('an expired link refuses newcomers', async () => {
		const b = await boardWith(relay, gen, 'private');
		const link = await makeLink(b, { expiresAt: Date.now() + 300 });
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(await tryJoin(relay, b.board, link.token)).toMatchObject({
			synced: false,
			code: CLOSE_INVITE_REVOKED
		});
	});

	it('a link with one use lets one newcomer in, then only that member', async () => {
		const b = await boardWith(relay, gen, 'private');
		const link = await makeLink(b, { maxUses: 1 });
		const dana = testMember(gen);
		const first = await tryJoin(relay, b.board, link.token, dana);
		expect(first.synced).toBe(true);
		expect(await tryJoin(relay, b.board, link.token)).toMatchObject({
			synced: false,
			code: CLOSE_INVITE_REVOKED
		});
		first.client.destroy();
		expect((await tryJoin(relay, b.board, link.token, dana)).synced).toBe(true);
		const counts = await adminCall(relay, b.admin, b.board, 'GET', invitesPath(b.board));
		expect((counts.json.uses as Record<string, number>)[link.hash]).toBe(1);
	});

	it('a record written by a member who is not an admin opens nothing (4401 before any proof)', async () => {
		const b = await boardWith(relay, gen, 'private');
		const eve = await tryJoin(relay, b.board, b.token);
		expect(eve.synced).toBe(true);
		if (!eve.synced) return;
		const secret = newBoardSecret();
		collection(eve.client.doc, ROOT.moderation).set(eve.client.member.key(`i${randomId()}`), {
			schemaVersion: 1,
			action: 'invite-link',
			linkId: randomId(),
			name: 'Faux lien',
			tokenHash: linkTokenHash(b.board, secret),
			expiresAt: null,
			maxUses: null,
			revokedAt: null,
			at: Date.now()
		});
		await waitFor(() => eve.client.isAcked(), 'the forged record stored (it is under eve’s key)');
		const stranger = await tryJoin(relay, b.board, deriveRoomToken(b.board, secret));
		expect(stranger).toMatchObject({ synced: false, code: CLOSE_BAD_TOKEN });
		expect(stranger.client.challenges).toBe(0);
	});

	it('the counts call: a non-admin gets 403, a bad signature 401', async () => {
		const b = await boardWith(relay, gen, 'private');
		const member = await tryJoin(relay, b.board, b.token);
		expect(member.synced).toBe(true);
		const notAdmin = await adminCall(
			relay,
			member.client.member,
			b.board,
			'GET',
			invitesPath(b.board)
		);
		expect(notAdmin.status).toBe(403);

		const auth = adminAuthorization(b.admin, b.board, 'GET', invitesPath(b.board), Buffer.alloc(0));
		const decoded = JSON.parse(Buffer.from(auth.slice('Quartier '.length), 'base64url').toString());
		decoded.signature = Buffer.from(b.admin.sign(new Uint8Array([1, 2, 3]))).toString('base64url');
		const forged = `Quartier ${Buffer.from(JSON.stringify(decoded)).toString('base64url')}`;
		const bad = await call(relay, 'GET', invitesPath(b.board), undefined, {
			headers: { Authorization: forged }
		});
		expect(bad.status).toBe(401);
	});
});
