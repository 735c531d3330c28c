import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinDecision } from '$lib/domain/join/request';
import { DirectoryError } from '$lib/sync/directory-client';
import { DecisionOutbox } from './decision-outbox.svelte';
import { fakeHost, type FakeHost } from './join-fixtures';

const BOARD = 'b'.repeat(22);
const R1 = '1'.repeat(22);
const R2 = '2'.repeat(22);
const decline: JoinDecision = { decision: 'decline', message: 'Complet', sealedInvite: null };

let host: FakeHost;
afterEach(() => host.db.delete());

function relay() {
	const sent: string[] = [];
	let answer: () => void = () => {};
	return {
		sent,
		fail(code: string | null) {
			answer = () => {
				if (code) throw new DirectoryError(code);
			};
		},
		client: {
			decide: (_s: unknown, boardId: string, requestId: string, d: JoinDecision) => {
				answer();
				sent.push(`${boardId}/${requestId}:${d.decision}`);
				return Promise.resolve();
			},
			block: (_s: unknown, boardId: string, requestId: string) => {
				answer();
				sent.push(`${boardId}/${requestId}:block`);
				return Promise.resolve();
			}
		}
	};
}

describe('the decision outbox', () => {
	it('keeps decisions taken offline and sends them, oldest first, once online', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		host.online = false;
		const outbox = new DecisionOutbox(host);
		await outbox.queue({ requestId: R1, boardId: BOARD, action: 'decide', decision: decline });
		await outbox.queue({ requestId: R2, boardId: BOARD, action: 'block', decision: null });
		await outbox.flush();
		expect(r.sent).toEqual([]);
		expect(outbox.queued.map((q) => q.requestId)).toEqual([R1, R2]);

		// A reload keeps them.
		const again = new DecisionOutbox(host);
		await again.load();
		expect(again.queued).toHaveLength(2);

		host.online = true;
		await again.flush();
		expect(r.sent).toEqual([`${BOARD}/${R1}:decline`, `${BOARD}/${R2}:block`]);
		expect(again.queued).toEqual([]);
	});

	it('retries after the relay did not answer, and shows a refusal without retrying it', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		const outbox = new DecisionOutbox(host);
		r.fail('unreachable');
		await outbox.queue({ requestId: R1, boardId: BOARD, action: 'decide', decision: decline });
		await outbox.flush();
		expect(outbox.queued).toHaveLength(1);
		expect(outbox.queued[0]!.failure).toBeNull();

		r.fail('already-decided');
		await outbox.flush();
		expect(outbox.queued[0]!.failure).toBe('already-decided');
		r.fail(null);
		await outbox.flush();
		expect(r.sent).toEqual([]);
	});

	it('a second decision on the same request before sending replaces the first', async () => {
		const r = relay();
		host = await fakeHost(r.client);
		host.online = false;
		const outbox = new DecisionOutbox(host);
		await outbox.queue({ requestId: R1, boardId: BOARD, action: 'decide', decision: decline });
		await outbox.queue({ requestId: R1, boardId: BOARD, action: 'block', decision: null });
		host.online = true;
		await outbox.flush();
		expect(r.sent).toEqual([`${BOARD}/${R1}:block`]);
	});
});
