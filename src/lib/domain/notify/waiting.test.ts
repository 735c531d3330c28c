import { describe, expect, it } from 'vitest';
import type { Notice } from './notice';
import { visitOf, waitingOf } from './waiting';

const notice = (id: string, at: number, open = false): Notice => ({
	id,
	kind: open ? 'seat-request' : 'help-message',
	boardId: 'B',
	to: 'me',
	from: 'ben',
	at,
	subject: 'Étagère',
	path: '/b/B/posts/x',
	open
});

describe('what waits for me', () => {
	it('before any visit, everything is unseen and counted once', () => {
		const mine = [notice('m1', 3), notice('r1', 2, true)];
		const waiting = waitingOf(mine, null);
		expect(waiting.unseen.map((n) => n.id)).toEqual(['m1', 'r1']);
		expect(waiting.open).toEqual([]);
		expect(waiting.count).toBe(2);
	});

	it('a visit clears what it saw, but an open request stays counted', () => {
		const mine = [notice('m1', 3), notice('r1', 2, true)];
		const waiting = waitingOf(mine, visitOf(mine, 10));
		expect(waiting.unseen).toEqual([]);
		expect(waiting.open.map((n) => n.id)).toEqual(['r1']);
		expect(waiting.count).toBe(1);
	});

	it('a notice that arrives after the visit is new, even when written before it (offline phone)', () => {
		const before = [notice('m1', 3)];
		const visit = visitOf(before, 100);
		const late = notice('m2', 50);
		expect(waitingOf([late, ...before], visit).unseen.map((n) => n.id)).toEqual(['m2']);
	});

	it('an answered request no longer waits once seen', () => {
		const asked = [notice('r1', 2, true)];
		const visit = visitOf(asked, 10);
		expect(waitingOf([notice('r1', 2, false)], visit).count).toBe(0);
	});

	it('a visit keeps only the ids still derived', () => {
		expect(visitOf([notice('a', 1)], 5)).toEqual({ at: 5, seen: ['a'] });
	});
});
