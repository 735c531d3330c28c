import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_RESTART } from '../../src/lib/sync/protocol';
import * as Y from 'yjs';
import {
	admittedRaw,
	connectClient,
	destroyAllClients,
	fetchDoc,
	randomBoardId,
	randomToken,
	records,
	testMember,
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
		client.write('kept', 'yes');
		// Nested content inside the member's own record survives too.
		const log = new Y.Array<string>();
		client.write('log', log);
		log.push(['one', 'two']);
		await waitFor(() => client.isAcked(), 'ack');
		const raw = await admittedRaw(relay, board, token, testMember());

		const stopping = Date.now();
		expect(await relay.stop('SIGTERM')).toBe(0);
		expect(Date.now() - stopping).toBeLessThan(5000);
		expect((await raw.closed).code).toBe(CLOSE_RESTART);
		await waitFor(() => client.closes.some((c) => c.code === CLOSE_RESTART), 'provider saw 1012');
		client.destroy();

		const again = await startRelayProcess({ dataDir: relay.dataDir });
		const doc = await fetchDoc(again, board, token);
		expect(records(doc)[client.member.key('kept')]).toBe('yes');
		expect(records(doc)[client.member.key('log')]).toEqual(['one', 'two']);
	});

	it('keeps everything acked when killed with SIGKILL', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const token = randomToken();
		const client = connectClient(relay, board, token);
		await waitFor(() => client.provider.synced, 'synced');
		// Many small transactions, so the kill lands right behind a stream of commits.
		for (let i = 0; i < 100; i++) client.write(`item-${i}`, i);
		await waitFor(() => client.isAcked(), 'ack covering all 100 updates');
		const ackedState = records(client.doc);
		expect(Object.keys(ackedState)).toHaveLength(100);

		await relay.kill9();
		client.destroy();

		const again = await startRelayProcess({ dataDir: relay.dataDir });
		const doc = await fetchDoc(again, board, token);
		expect(records(doc)).toEqual(ackedState);
	});
});
