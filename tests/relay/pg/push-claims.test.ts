/**
 * What push must do once, done once by relay instances sharing one PostgreSQL database (relay-pg
 * project only): two storages on one database stand for two instances racing, claim for claim,
 * and every notice, reminder and held push goes to exactly one of them. The VAPID pair is one.
 */
import { describe, expect, it } from 'vitest';
import { openPgStorage } from '../../../sync-server/pg-storage/pg-storage';
import { HeldPushes } from '../../../sync-server/push/held-pushes';
import { ReminderStore } from '../../../sync-server/push/reminder-store';
import { PUSH_SCHEMA } from '../../../sync-server/push/schema';
import { SentNotices } from '../../../sync-server/push/sent-notices';
import { loadOrMakeSharedVapidKeys } from '../../../sync-server/push/vapid-keys';
import type { Storage } from '../../../sync-server/storage';
import { tempDir } from '../relay-process';
import { databaseFor } from './database-for';

const NOW = Date.UTC(2026, 11, 3, 12);
const HOUR = 3_600_000;

async function twoInstances(): Promise<[Storage, Storage]> {
	const url = await databaseFor(tempDir('claims'));
	if (url === undefined) throw new Error('run under the relay-pg project');
	const storages = [await openPgStorage(url), await openPgStorage(url)] as [Storage, Storage];
	for (const storage of storages) storage.sql.schema(PUSH_SCHEMA);
	return storages;
}

describe('push claims on a shared database', () => {
	it('gives each notice, reminder and held push to one instance only', async () => {
		const [a, b] = await twoInstances();
		try {
			const ids = Array.from({ length: 40 }, (_, i) => `notice-${i}`);
			const [sentA, sentB] = [new SentNotices(a.sql), new SentNotices(b.sql)];
			// Interleaved halves, at the same time: each instance derived the board concurrently.
			const [wonA, wonB] = await Promise.all([
				sentA.claim('board', 'ana', ids, NOW),
				sentB.claim('board', 'ana', [...ids].reverse(), NOW)
			]);
			expect([...wonA, ...wonB].sort()).toEqual([...ids].sort());
			expect(wonA.filter((id) => wonB.includes(id))).toEqual([]);
			// Once claimed, nobody claims it again.
			expect(await sentA.claim('board', 'ana', ids, NOW)).toEqual([]);

			const [remindersA, remindersB] = [new ReminderStore(a.sql), new ReminderStore(b.sql)];
			const reminder = {
				id: 'slot-1',
				boardId: 'board',
				to: 'ana',
				role: 'guest' as const,
				slotKey: 'slot',
				path: '/b/board/cowork',
				start: NOW + 3 * HOUR
			};
			await remindersA.sync('board', [{ reminder, leadMs: 3 * HOUR }]);
			const [due] = await remindersB.due(NOW, 10);
			expect(due?.id).toBe('slot-1');
			const fired = await Promise.all([remindersA.markFired(due!), remindersB.markFired(due!)]);
			expect(fired.filter(Boolean)).toHaveLength(1);

			const [heldA, heldB] = [new HeldPushes(a.sql), new HeldPushes(b.sql)];
			const push = {
				boardId: 'board',
				endpoint: 'https://push.example/1',
				kind: 'help-message' as const,
				path: '/b/board',
				urgency: 'normal' as const,
				releaseAt: NOW
			};
			await heldA.hold(push);
			const [released] = await heldB.released(NOW, 10);
			const releases = await Promise.all([heldA.release(released!), heldB.release(released!)]);
			expect(releases.filter(Boolean)).toHaveLength(1);

			// A push held again after it was read is not taken with the earlier read.
			await heldA.hold(push);
			const [again] = await heldA.released(NOW, 10);
			await heldB.hold(push);
			expect(await heldA.release(again!)).toBe(false);
			expect((await heldA.released(NOW, 10))[0]?.count).toBe(2);

			const keys = await Promise.all([
				loadOrMakeSharedVapidKeys(a.sql),
				loadOrMakeSharedVapidKeys(b.sql)
			]);
			expect(keys[1]).toEqual(keys[0]);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});
});
