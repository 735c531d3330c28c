/**
 * Join requests against the real relay process, the requester's side (issue 16): a listed board
 * takes a signed request, and nothing forged, tampered or misaddressed; a private or unknown
 * board is not found, whatever is asked; an open board hands its secret to whoever joins, a
 * listed one does not.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { joinRequestId } from '../../src/lib/domain/join/request';
import { deriveRoomToken } from '../../src/lib/sync/room-token';
import {
	destroyAllClients,
	linkDevice,
	randomBoardId,
	testMember,
	waitFor,
	connectClient
} from './clients';
import {
	boardWith,
	call,
	joinPath,
	newRequester,
	printSeedOnFailure,
	requestsPath,
	SEED,
	signedRequest
} from './join-requests-helpers';
import { flipChar } from './linked-devices';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const QUESTION = 'Pourquoi voulez-vous nous rejoindre ?';

describe('join requests: the requester', () => {
	let relay: RelayProcess;
	const gen = prng.create(SEED);
	beforeAll(async () => {
		// Every call here comes from 127.0.0.1: the per-address limit has its own test.
		relay = await startRelayProcess({ env: { QUARTIER_JOIN_REQUESTS_PER_IP: '100000' } });
	});
	beforeEach(printSeedOnFailure);
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('takes a signed request to a listed board (201, pending), and a new one replaces it under the same id', async () => {
		const { board } = await boardWith(relay, gen, 'listed', [QUESTION]);
		const chloe = await newRequester(gen);
		const first = await call(
			relay,
			'POST',
			requestsPath(board),
			signedRequest(chloe, board, ['Je viens d’arriver'])
		);
		const requestId = joinRequestId(board, chloe.member.memberId);
		expect(first.status).toBe(201);
		expect(first.json).toEqual({ requestId, status: 'pending' });
		expect(first.headers['cache-control']).toBe('no-store');

		const again = await call(
			relay,
			'POST',
			requestsPath(board),
			signedRequest(chloe, board, ['Autre réponse'])
		);
		expect(again.status).toBe(201);
		expect(again.json).toEqual({ requestId, status: 'pending' });

		// From a linked device of the same member: the chain is checked, the id is the member's.
		const phone = linkDevice(chloe.member);
		const fromPhone = await call(
			relay,
			'POST',
			requestsPath(board),
			signedRequest({ member: phone, keys: chloe.keys }, board, ['Depuis mon téléphone'])
		);
		expect(fromPhone.status).toBe(201);
		expect(fromPhone.json.requestId).toBe(requestId);
	});

	it('refuses forged, tampered and misaddressed requests with 400 invalid', async () => {
		const { board } = await boardWith(relay, gen, 'listed', [QUESTION]);
		const chloe = await newRequester(gen);
		const good = signedRequest(chloe, board, ['Bonjour']);
		const mallory = testMember(gen);
		const attempts: unknown[] = [
			// The body changed after signing.
			{ ...good, body: { ...good.body, name: 'Quelqu’un d’autre' } },
			{ ...good, body: { ...good.body, answers: ['Autre chose'] } },
			// A signature by another key, or bytes changed.
			{ ...good, signature: Buffer.from(mallory.sign(new Uint8Array(8))).toString('base64url') },
			{ ...good, signature: flipChar(good.signature) },
			// Chloé's member id with Mallory's key (the id does not derive from it).
			signedRequest(
				{ member: { ...mallory, memberId: chloe.member.memberId }, keys: chloe.keys },
				board,
				['x']
			),
			// A device chain Chloé never signed.
			signedRequest(
				{ member: linkDevice(chloe.member, { signer: mallory }), keys: chloe.keys },
				board,
				['x']
			),
			// Addressed to another board than the path's.
			signedRequest(chloe, randomBoardId(), ['Bonjour']),
			// Answers that do not match the questions.
			signedRequest(chloe, board, []),
			signedRequest(chloe, board, ['un', 'deux']),
			// Sizes and shapes.
			signedRequest(chloe, board, ['x'.repeat(501)]),
			signedRequest(chloe, board, ['Bonjour'], { name: '' }),
			signedRequest(chloe, board, ['Bonjour'], { bio: 'b'.repeat(301) }),
			{ body: good.body },
			{ ...good, signature: 42 },
			[good],
			null,
			'request'
		];
		for (const attempt of attempts) {
			const answer = await call(relay, 'POST', requestsPath(board), attempt);
			expect(answer.status, JSON.stringify(attempt)).toBe(400);
			expect(answer.json).toEqual({ error: 'invalid' });
		}
		// The honest request still goes through.
		expect((await call(relay, 'POST', requestsPath(board), good)).status).toBe(201);
	});

	it('answers 404 for a private or unknown board, to requests and joins alike', async () => {
		const { board } = await boardWith(relay, gen, 'private');
		const chloe = await newRequester(gen);
		const unknown = randomBoardId();
		for (const target of [board, unknown]) {
			for (const path of [requestsPath(target), joinPath(target)]) {
				const answer = await call(relay, 'POST', path, signedRequest(chloe, target, []));
				expect(answer.status).toBe(404);
				expect(answer.json).toEqual({ error: 'not-found' });
			}
		}
	});

	it('hands an open board’s secret to whoever joins, which opens the room; a listed board’s /join is 409', async () => {
		const open = await boardWith(relay, gen, 'open', []);
		const dan = await newRequester(gen);
		const joined = await call(
			relay,
			'POST',
			joinPath(open.board),
			signedRequest(dan, open.board, [])
		);
		expect(joined.status).toBe(200);
		expect(joined.json).toEqual({ boardId: open.board, secret: open.secret });
		// Requests go to /join on an open board.
		const asked = await call(
			relay,
			'POST',
			requestsPath(open.board),
			signedRequest(dan, open.board, [])
		);
		expect(asked.status).toBe(409);
		expect(asked.json).toEqual({ error: 'open-board' });
		// With the secret, Dan's token and proof let him in.
		const token = deriveRoomToken(open.board, String(joined.json.secret));
		const client = connectClient(relay, open.board, token, { member: dan.member });
		await waitFor(() => client.provider.synced, 'joiner synced');
		expect(client.doc.getMap('board').size).toBe(1);

		const listed = await boardWith(relay, gen, 'listed', [QUESTION]);
		const notOpen = await call(
			relay,
			'POST',
			joinPath(listed.board),
			signedRequest(dan, listed.board, ['x'])
		);
		expect(notOpen.status).toBe(409);
		expect(notOpen.json).toEqual({ error: 'not-open' });
		expect(notOpen.text).not.toContain(listed.secret);
		// A forged join is refused before anything of the board is looked at.
		const forged = signedRequest(dan, open.board, []);
		const tampered = await call(relay, 'POST', joinPath(open.board), {
			...forged,
			body: { ...forged.body, name: 'X' }
		});
		expect(tampered.status).toBe(400);
		expect(tampered.text).not.toContain(open.secret);
	});
});
