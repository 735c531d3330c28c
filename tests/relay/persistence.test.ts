import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_RESTART } from '../../src/lib/sync/protocol';
import {
	connectClient,
	destroyAllClients,
	fetchDoc,
	randomBoardId,
	randomToken,
	rawClient,
	syncUrl,
	waitFor
} from './clients';
import { cleanUpRelays, startRelayProcess } from './relay-process';

describe('durability', () => {
	afterEach(async () => {
		destroyAllClients();
		await cleanUpRelays();
	});

	it('keeps data across a SIGTERM restart and closes clients with 1012', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const token = randomToken();
		const client = connectClient(relay, board, token);
		await waitFor(() => client.provider.synced, 'synced');
		client.doc.getMap('posts').set('kept', 'yes');
		client.doc.getArray('log').push(['one', 'two']);
		await waitFor(() => client.isAcked(), 'ack');
		const raw = rawClient(syncUrl(relay, board, token));
		await raw.opened;

		const stopping = Date.now();
		expect(await relay.stop('SIGTERM')).toBe(0);
		expect(Date.now() - stopping).toBeLessThan(5000);
		expect((await raw.closed).code).toBe(CLOSE_RESTART);
		await waitFor(() => client.closes.some((c) => c.code === CLOSE_RESTART), 'provider saw 1012');
		client.destroy();

		const again = await startRelayProcess({ dataDir: relay.dataDir });
		const doc = await fetchDoc(again, board, token);
		expect(doc.getMap('posts').get('kept')).toBe('yes');
		expect(doc.getArray('log').toArray()).toEqual(['one', 'two']);
	});

	it('keeps everything acked when killed with SIGKILL', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const token = randomToken();
		const client = connectClient(relay, board, token);
		await waitFor(() => client.provider.synced, 'synced');
		// Many small transactions, so the kill lands right behind a stream of commits.
		for (let i = 0; i < 100; i++) client.doc.getMap('items').set(`item-${i}`, i);
		await waitFor(() => client.isAcked(), 'ack covering all 100 updates');
		const ackedState = client.doc.getMap('items').toJSON();

		await relay.kill9();
		client.destroy();

		const again = await startRelayProcess({ dataDir: relay.dataDir });
		const doc = await fetchDoc(again, board, token);
		expect(doc.getMap('items').toJSON()).toEqual(ackedState);
	});
});
