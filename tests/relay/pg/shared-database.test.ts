/**
 * The relay on PostgreSQL (relay-pg project only): what it stores is in the database, not in its
 * data directory, and a Yjs client id claimed at the same moment on two relay instances that
 * share the database goes to one member only (the primary key decides, not a read-then-write).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CLIENT_ID_TAKEN } from '../../../src/lib/sync/protocol';
import { BindingTaken } from '../../../sync-server/storage';
import { openPgStorage } from '../../../sync-server/pg-storage/pg-storage';
import {
	connectClient,
	destroyAllClients,
	randomBoardId,
	randomToken,
	records,
	testMember,
	waitFor
} from '../clients';
import { destroyRawClients, randomClientId, rawClient, syncUrl } from '../raw-client';
import { cleanUpRelays, startRelayProcess, tempDir } from '../relay-process';
import { databaseFor } from './database-for';

async function newDatabase(): Promise<string> {
	const url = databaseFor(tempDir('shared'));
	if (url === undefined) throw new Error('run under the relay-pg project');
	return url;
}

describe('the relay on PostgreSQL', () => {
	afterEach(() => {
		destroyAllClients();
		destroyRawClients();
	});
	afterAll(cleanUpRelays);

	it('stores in the database: a relay on another data directory finds the board', async () => {
		const url = await newDatabase();
		const first = await startRelayProcess({ env: { QUARTIER_DATABASE_URL: url } });
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(first, board, token);
		await waitFor(() => alice.provider.synced, 'synced');
		alice.write('offer', 'Perceuse à prêter');
		await waitFor(() => alice.isAcked(), 'acked');
		expect(fs.existsSync(path.join(first.dataDir, 'quartier.sqlite'))).toBe(false);
		const db = new pg.Client({ connectionString: url });
		await db.connect();
		const { rows } = await db.query<{ n: string }>(
			'SELECT COUNT(*) AS n FROM updates WHERE room = $1',
			[board]
		);
		await db.end();
		expect(Number(rows[0]?.n)).toBeGreaterThan(0);
		await first.kill9();

		const second = await startRelayProcess({ env: { QUARTIER_DATABASE_URL: url } });
		expect(second.dataDir).not.toBe(first.dataDir);
		const bob = connectClient(second, board, token);
		await waitFor(() => bob.provider.synced, 'synced on the second relay');
		expect(records(bob.doc)).toEqual(records(alice.doc));
	});

	it('gives a client id claimed on two instances at once to one member only', async () => {
		const url = await newDatabase();
		const env = { QUARTIER_DATABASE_URL: url };
		const [a, b] = await Promise.all([startRelayProcess({ env }), startRelayProcess({ env })]);
		const board = randomBoardId();
		const token = randomToken();
		// The room loaded on both instances, each with its own view of the bindings.
		const onA = connectClient(a, board, token);
		await waitFor(() => onA.provider.synced, 'room loaded on a');
		const onB = connectClient(b, board, token);
		await waitFor(() => onB.provider.synced, 'room loaded on b');

		for (let round = 0; round < 10; round++) {
			const clientId = randomClientId();
			const [first, second] = [testMember(), testMember()];
			const viaA = rawClient(syncUrl(a, board, token), { member: first, clientId });
			const viaB = rawClient(syncUrl(b, board, token), { member: second, clientId });
			const outcome = (raw: typeof viaA) =>
				Promise.race([raw.admitted.then(() => 'admitted'), raw.closed.then(({ code }) => code)]);
			const outcomes = await Promise.all([outcome(viaA), outcome(viaB)]);
			expect(outcomes.sort(), `round ${round}`).toEqual(['admitted', CLOSE_CLIENT_ID_TAKEN].sort());
		}
	});

	it('refuses a write that binds a client id another member holds, and only that write', async () => {
		const storage = await openPgStorage(await newDatabase());
		try {
			await storage.bindClients('room', [7], 'alice');
			const refused = storage.append('room', new Uint8Array([1]), [7], 'mallory');
			const kept = storage.append('room', new Uint8Array([2]), [8], 'bob');
			await expect(refused).rejects.toBeInstanceOf(BindingTaken);
			expect(await kept).toBeGreaterThan(0);
			const stored = await storage.loadUpdates('room');
			expect(stored.updates.map((update) => update[0])).toEqual([2]);
			expect(await storage.loadClientOwners('room')).toEqual(
				new Map([
					[7, 'alice'],
					[8, 'bob']
				])
			);
		} finally {
			await storage.close();
		}
	});
});
