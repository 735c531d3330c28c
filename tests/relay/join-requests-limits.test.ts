/**
 * Join requests against the real relay process, the abuse limits (issue 16): requests and joins
 * per socket address (429 with Retry-After), pending requests per board and per requester, blocked
 * members, the body cap (413), garbage bodies (400, and the relay keeps serving); and requests,
 * decisions and blocks that survive a restart.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../src/lib/domain/identity/sealed';
import { joinInviteContext, joinRequestId } from '../../src/lib/domain/join/request';
import { destroyAllClients, randomBoardId } from './clients';
import {
	adminAuthorization,
	adminCall,
	adminListPath,
	blockPath,
	boardWith,
	call,
	decisionPath,
	joinPath,
	newRequester,
	pollStatus,
	printSeedOnFailure,
	requestsPath,
	SEED,
	signedRequest,
	statusPath
} from './join-requests-helpers';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const QUESTION = 'Pourquoi voulez-vous nous rejoindre ?';

describe('join requests: abuse limits', () => {
	let relay: RelayProcess;
	const gen = prng.create(SEED + 2);
	beforeAll(async () => {
		relay = await startRelayProcess({
			env: {
				QUARTIER_JOIN_REQUESTS_PER_IP: '100000',
				QUARTIER_PENDING_PER_BOARD: '2',
				QUARTIER_PENDING_PER_REQUESTER: '2'
			}
		});
	});
	beforeEach(printSeedOnFailure);
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	const ask = async (board: string, requester: Awaited<ReturnType<typeof newRequester>>) =>
		call(relay, 'POST', requestsPath(board), signedRequest(requester, board, ['Bonjour']));

	it('limits requests and joins per socket address: 429 rate-limited with Retry-After', async () => {
		const limited = await startRelayProcess({ env: { QUARTIER_JOIN_REQUESTS_PER_IP: '3' } });
		const listed = await boardWith(limited, gen, 'listed', [QUESTION]);
		const open = await boardWith(limited, gen, 'open');
		const from = { from: '127.0.0.2' };
		const body = (board: string, answers: string[]) =>
			signedRequest({ member: listed.admin, keys: listed.adminKeys }, board, answers);
		// Refused calls count too: a flood of garbage costs its sender like good requests do.
		const answers = [
			await call(limited, 'POST', requestsPath(listed.board), Buffer.from('{'), from),
			await call(limited, 'POST', joinPath(open.board), body(open.board, []), from),
			await call(limited, 'POST', requestsPath(listed.board), body(listed.board, ['x']), from)
		];
		expect(answers.map((a) => a.status)).toEqual([400, 200, 201]);
		for (const path of [requestsPath(listed.board), joinPath(open.board)]) {
			const refused = await call(limited, 'POST', path, body(open.board, []), from);
			expect(refused.status).toBe(429);
			expect(refused.json).toEqual({ error: 'rate-limited' });
			expect(Number(refused.headers['retry-after'])).toBe(20);
		}
		// Another address has its own budget.
		const other = await call(limited, 'POST', joinPath(open.board), body(open.board, []), {
			from: '127.0.0.3'
		});
		expect(other.status).toBe(200);

		// Status polls and admins' calls have six times that budget, their own.
		const requestId = joinRequestId(listed.board, listed.admin.memberId);
		// The bucket refills 0.3 a second: a slow machine may get one or two more before the first 429.
		const polls: number[] = [];
		while (polls.length < 30 && polls.at(-1) !== 429) {
			polls.push((await pollStatus(limited, listed.admin, requestId, Date.now(), from)).status);
		}
		expect(polls.slice(0, 18)).toEqual(Array<number>(18).fill(200));
		expect(polls.at(-1)).toBe(429);
		const list = adminAuthorization(
			listed.admin,
			listed.board,
			'GET',
			adminListPath(listed.board),
			Buffer.alloc(0)
		);
		const refused = await call(limited, 'GET', adminListPath(listed.board), undefined, {
			...from,
			headers: { Authorization: list }
		});
		expect(refused.status).toBe(429);
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
		const elsewhere = await call(limited, 'GET', adminListPath(listed.board), undefined, {
			from: '127.0.0.3',
			headers: { Authorization: list }
		});
		expect(elsewhere.status).toBe(200);
	});

	it('caps pending requests per board and per requester (429 too-many-pending); replacing one is not another', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const [anne, bruno, carla] = await Promise.all([1, 2, 3].map(() => newRequester(gen)));
		expect((await ask(b.board, anne!)).status).toBe(201);
		expect((await ask(b.board, bruno!)).status).toBe(201);
		const full = await ask(b.board, carla!);
		expect(full.status).toBe(429);
		expect(full.json).toEqual({ error: 'too-many-pending' });
		expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
		expect((await ask(b.board, anne!)).status).toBe(201);
		// Once an admin decides one, there is room again.
		const brunoId = joinRequestId(b.board, bruno!.member.memberId);
		const declined = await adminCall(
			relay,
			b.admin,
			b.board,
			'POST',
			decisionPath(b.board, brunoId),
			{
				decision: 'decline',
				message: '',
				sealedInvite: null
			}
		);
		expect(declined.status).toBe(200);
		expect((await ask(b.board, carla!)).status).toBe(201);

		// Carla has one pending; two more boards: the second is over her cap.
		const other = await boardWith(relay, gen, 'listed', [QUESTION]);
		const third = await boardWith(relay, gen, 'listed', [QUESTION]);
		expect((await ask(other.board, carla!)).status).toBe(201);
		const over = await ask(third.board, carla!);
		expect(over.status).toBe(429);
		expect(over.json).toEqual({ error: 'too-many-pending' });
		expect((await ask(other.board, carla!)).status).toBe(201);
	});

	it('refuses a blocked requester (403 blocked) on requests, and declines their request', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const spammer = await newRequester(gen);
		const requestId = String((await ask(b.board, spammer)).json.requestId);
		const blocked = await adminCall(relay, b.admin, b.board, 'POST', blockPath(b.board, requestId));
		expect(blocked.status).toBe(200);
		expect(blocked.json).toEqual({ status: 'declined' });
		const again = await ask(b.board, spammer);
		expect(again.status).toBe(403);
		expect(again.json).toEqual({ error: 'blocked' });
		expect((await pollStatus(relay, spammer.member, requestId)).json.status).toBe('declined');
		// Only on this board.
		const elsewhere = await boardWith(relay, gen, 'listed', [QUESTION]);
		expect((await ask(elsewhere.board, spammer)).status).toBe(201);
	});

	it('answers 413 to a body over the cap, 400 to garbage, and keeps serving', async () => {
		const b = await boardWith(relay, gen, 'listed', [QUESTION]);
		const chloe = await newRequester(gen);
		const big = signedRequest(chloe, b.board, ['Bonjour'], { bio: 'x'.repeat(9000) });
		for (const chunked of [false, true]) {
			const answer = await call(relay, 'POST', requestsPath(b.board), big, { chunked });
			expect(answer.status).toBe(413);
			expect(answer.json).toEqual({ error: 'too-large' });
		}
		const requestId = joinRequestId(b.board, chloe.member.memberId);
		const paths = [requestsPath(b.board), joinPath(b.board), statusPath(requestId)];
		for (let i = 0; i < 60; i++) {
			const length = prng.uint32(gen, 0, 600);
			const garbage = Buffer.from(prng.uint8Array(gen, length));
			const json = [
				garbage,
				Buffer.from('{"body":'),
				Buffer.from(JSON.stringify(prng.word(gen))),
				Buffer.from('[1,2,3]'),
				Buffer.from('{"body":{"v":1},"signature":"' + 'A'.repeat(86) + '"}')
			][i % 5]!;
			const answer = await call(relay, 'POST', paths[i % paths.length]!, json);
			// The status of an unknown request is 404 before its body is looked at.
			expect(answer.status === 400 || (answer.status === 404 && i % 3 === 2)).toBe(true);
			expect(answer.headers['content-type']).toBe('application/json');
		}
		expect((await ask(b.board, chloe)).status).toBe(201);
		// An admin's signed garbage is still garbage.
		for (const garbage of ['garbage', [1], { decision: 'accept' }]) {
			const answer = await adminCall(
				relay,
				b.admin,
				b.board,
				'POST',
				decisionPath(b.board, requestId),
				garbage
			);
			expect(answer.status).toBe(400);
		}
		expect((await pollStatus(relay, chloe.member, requestId)).json.status).toBe('pending');
		expect((await call(relay, 'GET', '/healthz')).status).toBe(200);
		expect((await call(relay, 'GET', adminListPath(randomBoardId()))).status).toBe(401);
		expect((await call(relay, 'DELETE', requestsPath(b.board))).status).toBe(405);
		expect(relay.logs()).not.toMatch(/join-request call failed/);
	});

	it('keeps requests, decisions and blocks across a restart', async () => {
		const first = await startRelayProcess({ direct: true });
		const b = await boardWith(first, gen, 'listed', [QUESTION]);
		const [waiting, accepted, blocked] = await Promise.all([1, 2, 3].map(() => newRequester(gen)));
		const idOf = (r: typeof waiting) => joinRequestId(b.board, r!.member.memberId);
		for (const r of [waiting, accepted, blocked]) {
			expect(
				(await call(first, 'POST', requestsPath(b.board), signedRequest(r!, b.board, ['Oui'])))
					.status
			).toBe(201);
		}
		const invite = await seal(
			b.adminKeys.privateKey,
			b.adminKeys.publicKey,
			accepted!.keys.publicKey,
			joinInviteContext(idOf(accepted)),
			JSON.stringify({ boardId: b.board, secret: b.secret })
		);
		const decision = { decision: 'accept', message: 'Bienvenue', sealedInvite: invite };
		expect(
			(
				await adminCall(
					first,
					b.admin,
					b.board,
					'POST',
					decisionPath(b.board, idOf(accepted)),
					decision
				)
			).status
		).toBe(200);
		expect(
			(await adminCall(first, b.admin, b.board, 'POST', blockPath(b.board, idOf(blocked)))).status
		).toBe(200);
		b.client.destroy();
		await first.stop();

		const again = await startRelayProcess({ direct: true, dataDir: first.dataDir });
		const list = await adminCall(again, b.admin, b.board, 'GET', adminListPath(b.board));
		expect(list.status).toBe(200);
		const requests = list.json.requests as { requestId: string; status: string }[];
		// Pending first, then the decided ones.
		expect(requests[0]).toMatchObject({ requestId: idOf(waiting), status: 'pending' });
		expect(new Map(requests.map((r) => [r.requestId, r.status]))).toEqual(
			new Map([
				[idOf(waiting), 'pending'],
				[idOf(accepted), 'accepted'],
				[idOf(blocked), 'declined']
			])
		);
		const status = await pollStatus(again, accepted!.member, idOf(accepted));
		expect(status.json).toMatchObject({
			status: 'accepted',
			message: 'Bienvenue',
			sealedInvite: invite
		});
		const refused = await call(
			again,
			'POST',
			requestsPath(b.board),
			signedRequest(blocked!, b.board, ['Oui'])
		);
		expect(refused.status).toBe(403);
		expect(
			(
				await call(
					again,
					'POST',
					requestsPath(b.board),
					signedRequest(waiting!, b.board, ['Encore'])
				)
			).status
		).toBe(201);
	});
});
