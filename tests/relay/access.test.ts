import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_BAD_REQUEST, CLOSE_BAD_TOKEN, SYNC_PATH } from '../../src/lib/sync/protocol';
import {
	connectClient,
	POSTS,
	destroyAllClients,
	randomBoardId,
	randomToken,
	rawClient,
	syncUrl,
	waitFor
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

describe('room access', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('sends not one byte to a wrong token and closes with 4401', async () => {
		const board = randomBoardId();
		const owner = connectClient(relay, board, randomToken());
		await waitFor(() => owner.provider.synced, 'owner synced');
		owner.write('home', { address: '12 rue des Lilas' });
		await waitFor(() => owner.isAcked(), 'stored');

		const intruder = rawClient(syncUrl(relay, board, randomToken()));
		const closed = await intruder.closed;
		expect(closed.code).toBe(CLOSE_BAD_TOKEN);
		expect(intruder.received).toHaveLength(0);
		expect(relay.logs()).not.toContain('12 rue des Lilas');
	});

	it('stops a y-websocket client with a wrong token from reconnecting', async () => {
		const board = randomBoardId();
		const owner = connectClient(relay, board, randomToken());
		await waitFor(() => owner.provider.synced, 'owner synced');
		owner.write('phone', { phone: '06 12 34 56 78' });
		await waitFor(() => owner.isAcked(), 'stored');

		const intruder = connectClient(relay, board, randomToken());
		await waitFor(() => intruder.closes.length > 0, 'intruder closed');
		expect(intruder.closes[0]?.code).toBe(CLOSE_BAD_TOKEN);
		expect(intruder.provider.shouldConnect).toBe(false);
		expect(intruder.acks).toHaveLength(0);
		// Turned away before the member handshake: not even a challenge.
		expect(intruder.challenges).toBe(0);
		expect(intruder.doc.getMap(POSTS).size).toBe(0);
	});

	it.each([
		['a room id of the wrong length', `${SYNC_PATH}/short?token=${randomToken()}`],
		['a room id with a slash', `${SYNC_PATH}/${randomBoardId()}/x?token=${randomToken()}`],
		['no token', `${SYNC_PATH}/${randomBoardId()}`],
		['a token of the wrong shape', `${SYNC_PATH}/${randomBoardId()}?token=not-a-token`],
		['no room at all', `${SYNC_PATH}?token=${randomToken()}`]
	])('closes %s with 4400 and sends nothing', async (_, path) => {
		const raw = rawClient(relay.wsUrl + path);
		const closed = await raw.closed;
		expect(closed.code).toBe(CLOSE_BAD_REQUEST);
		expect(raw.received).toHaveLength(0);
	});

	it('answers 404 to websocket upgrades outside the sync path', async () => {
		const raw = rawClient(`${relay.wsUrl}/elsewhere`);
		let status = 0;
		raw.socket.on('unexpected-response', (_req, res) => {
			status = res.statusCode ?? 0;
			raw.socket.terminate();
		});
		await raw.closed;
		expect(status).toBe(404);
	});
});
