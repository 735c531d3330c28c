import Database from 'better-sqlite3';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	connectClient,
	destroyAllClients,
	fetchDoc,
	POSTS,
	randomBoardId,
	randomToken,
	records,
	waitFor
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

/** Short, so the unload-time compaction happens within the test. */
const IDLE_MS = 300;

describe('compaction', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess({ env: { QUARTIER_ROOM_IDLE_MS: String(IDLE_MS) } });
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	/** Reads the relay's database beside it; WAL mode allows a concurrent reader. */
	function storedRows(room: string): number {
		const db = new Database(path.join(relay.dataDir, 'quartier.sqlite'), { readonly: true });
		try {
			const row = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?').get(room) as {
				n: number;
			};
			return row.n;
		} finally {
			db.close();
		}
	}

	async function health(): Promise<{ rooms: number; connections: number }> {
		const res = await fetch(`${relay.url}/healthz`);
		return (await res.json()) as { rooms: number; connections: number };
	}

	it('folds the log after 200 rows and on unload, and the doc stays whole', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const writer = connectClient(relay, board, token);
		await waitFor(() => writer.provider.synced, 'synced');
		const UPDATES = 250;
		for (let i = 0; i < UPDATES; i++) writer.write(`r${i}`, i);
		writer.write('deleted-later', 'x');
		writer.doc.getMap(POSTS).delete(writer.member.key('deleted-later'));
		await waitFor(() => writer.isAcked(), 'ack covering all updates');

		// Compaction runs right after the frame that crossed 200 rows, so just after the last ack.
		await waitFor(() => storedRows(board) < UPDATES - 150, 'rows folded');
		expect(storedRows(board)).toBeGreaterThan(0);

		const expected = records(writer.doc);
		expect(Object.keys(expected)).toHaveLength(UPDATES);
		const fresh = await fetchDoc(relay, board, token);
		expect(records(fresh)).toEqual(expected);
		expect(fresh.getMap(POSTS).has(writer.member.key('deleted-later'))).toBe(false);

		writer.destroy();
		const deadline = Date.now() + 5000;
		while ((await health()).rooms > 0 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect((await health()).rooms).toBe(0);
		expect(storedRows(board)).toBe(1);

		const reloaded = await fetchDoc(relay, board, token);
		expect(records(reloaded)).toEqual(expected);
	});
});
