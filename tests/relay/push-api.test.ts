/**
 * Push's HTTP API: the VAPID key (kept in the data directory or the shared database, the same
 * after a restart, 503 when push is off), and a member's signed subscription calls refused as the
 * join-request routes refuse theirs — 401 unsigned or forged, 403 not a member, 400 malformed,
 * 413 oversized, 404 unknown board — and endpoints the relay must never post to (plain http, its own network).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import { destroyAllClients, randomBoardId, testMember } from './clients';
import { adminAuthorization, call } from './join-requests-helpers';
import { startPushService, type PushService } from './push-service';
import {
	converged,
	pushBoard,
	pushesOf,
	pushPath,
	quietPeriod,
	signedPushCall,
	startPushRelay,
	subscribe,
	subscriptionBody,
	type PushRelay
} from './push-helpers';
import { databaseFor } from './pg/database-for';
import { cleanUpRelays, startRelayProcess } from './relay-process';

let push: PushRelay;
let service: PushService;

beforeAll(async () => {
	service = await startPushService();
	push = await startPushRelay();
});
afterEach(() => destroyAllClients());
afterAll(async () => {
	await cleanUpRelays();
	await service.close();
});

describe('the VAPID key', () => {
	it('is made once, kept 0600 in the data directory (or in the shared database) and the same after a restart', async () => {
		const first = await startPushRelay();
		const answer = await call(first.relay, 'GET', '/api/push/key');
		expect(answer.status).toBe(200);
		const key = answer.json.publicKey as string;
		expect(Buffer.from(key, 'base64url').byteLength).toBe(65);
		const file = path.join(first.relay.dataDir, 'vapid.json');
		// On PostgreSQL every instance signs with the same pair: it is a row of the database.
		if (databaseFor(first.relay.dataDir) === undefined) {
			expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		} else {
			expect(fs.existsSync(file)).toBe(false);
		}
		await first.relay.stop();
		const second = await startPushRelay({ dataDir: first.relay.dataDir });
		expect((await call(second.relay, 'GET', '/api/push/key')).json).toEqual({ publicKey: key });
		await second.relay.stop();
	});

	it('is unavailable when push is off, and so is subscribing', async () => {
		const relay = await startRelayProcess({ direct: true, env: { QUARTIER_PUSH: 'off' } });
		const key = await call(relay, 'GET', '/api/push/key');
		expect([key.status, key.json]).toEqual([503, { error: 'unavailable' }]);
		const put = await signedPushCall(relay, { member: testMember() }, randomBoardId(), 'PUT', {});
		expect(put.status).toBe(503);
		expect(fs.existsSync(path.join(relay.dataDir, 'vapid.json'))).toBe(false);
		await relay.stop();
	});
});

describe('subscribing', () => {
	it('refuses unsigned, forged, strangers, malformed, oversized and unknown boards', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Amélie']);
		const ana = members.Amélie!;
		const body = subscriptionBody(service.subscribe());
		const bytes = Buffer.from(JSON.stringify(body));

		const unsigned = await call(relay, 'PUT', pushPath(board), bytes);
		expect([unsigned.status, unsigned.json]).toEqual([401, { error: 'bad-signature' }]);
		// Signed over another body: the signature binds the body's hash.
		const otherBody = Buffer.from(JSON.stringify(subscriptionBody(service.subscribe())));
		const signedOther = adminAuthorization(ana.member, board, 'PUT', pushPath(board), otherBody);
		const forged = await call(relay, 'PUT', pushPath(board), bytes, {
			headers: { Authorization: signedOther }
		});
		expect([forged.status, forged.json]).toEqual([401, { error: 'bad-signature' }]);
		// Signed for another board.
		const elsewhere = adminAuthorization(
			ana.member,
			randomBoardId(),
			'PUT',
			pushPath(board),
			bytes
		);
		const moved = await call(relay, 'PUT', pushPath(board), bytes, {
			headers: { Authorization: elsewhere }
		});
		expect(moved.status).toBe(401);

		const stranger = await signedPushCall(relay, { member: testMember() }, board, 'PUT', body);
		expect([stranger.status, stranger.json]).toEqual([403, { error: 'not-a-member' }]);

		const malformed = [
			Buffer.from('{"subscription":'),
			{ ...body, locale: 'de' },
			{ ...body, timeZone: 'Mars/Olympus_Mons' },
			{ ...body, reminderLeadMinutes: 7 },
			{ ...body, quietHours: { from: '25:00', to: '07:00' } },
			{ ...body, subscription: { ...body.subscription, endpoint: 'ftp://example.org/push' } },
			{ ...body, subscription: { ...body.subscription, keys: { p256dh: 'AAAA', auth: 'AAAA' } } }
		];
		for (const wrong of malformed) {
			const answer = await signedPushCall(relay, ana, board, 'PUT', wrong);
			expect([answer.status, answer.json], JSON.stringify(wrong)).toEqual([
				400,
				{ error: 'invalid' }
			]);
		}

		const huge = { ...body, padding: 'x'.repeat(8000) };
		expect((await signedPushCall(relay, ana, board, 'PUT', huge)).status).toBe(413);
		expect((await signedPushCall(relay, ana, randomBoardId(), 'PUT', body)).status).toBe(404);
		expect((await call(relay, 'POST', pushPath(board), bytes)).status).toBe(405);
	});

	it('unsubscribing stops the pushes, and succeeds when there is nothing to remove', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
		const [ana, ben] = [members.Amélie!, members.Bruno!];
		const [kept, left] = [service.subscribe(), service.subscribe()];
		await subscribe(relay, ana, board, kept);
		await subscribe(relay, ana, board, left);
		// Only the member who subscribed an endpoint may remove it.
		const byOther = await signedPushCall(relay, ben, board, 'DELETE', { endpoint: left.endpoint });
		expect(byOther.status).toBe(204);
		const removed = await signedPushCall(relay, ana, board, 'DELETE', { endpoint: left.endpoint });
		expect(removed.status).toBe(204);
		const absent = await signedPushCall(relay, ana, board, 'DELETE', { endpoint: left.endpoint });
		expect(absent.status).toBe(204);
		expect((await signedPushCall(relay, ana, board, 'DELETE', { nope: 1 })).status).toBe(400);

		const offer = help.createPost(
			ana.doc,
			ana.member.memberId,
			{
				kind: 'offer',
				category: 'diy',
				title: 'Vélo',
				description: '',
				availability: '',
				area: ''
			},
			Date.now()
		);
		await converged([ana, ben]);
		engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
		await pushesOf(service, kept);
		await quietPeriod();
		expect(service.attempts.get(left.id)).toBeUndefined();
	});

	it('never to plain http or the relay’s own network unless the test flag allows it', async () => {
		const relay = await startRelayProcess({ direct: true });
		const { board, members } = await pushBoard(relay, ['Amélie']);
		const ana = members.Amélie!;
		const keys = service.subscribe().keys;
		for (const endpoint of [
			service.subscribe().endpoint,
			'https://127.0.0.1/push/x',
			'https://10.1.2.3/push/x',
			'https://192.168.1.1/push/x',
			'https://[::1]/push/x',
			'https://localhost/push/x'
		]) {
			const body = { ...subscriptionBody(service.subscribe()), subscription: { endpoint, keys } };
			const answer = await signedPushCall(relay, ana, board, 'PUT', body);
			expect([endpoint, answer.status]).toEqual([endpoint, 400]);
		}
		const body = {
			...subscriptionBody(service.subscribe()),
			subscription: { endpoint: 'https://push.example.org/send/abc', keys }
		};
		expect((await signedPushCall(relay, ana, board, 'PUT', body)).status).toBe(204);
		await relay.stop();
	});
});
