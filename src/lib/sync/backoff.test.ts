import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, reconnectDelay } from './backoff';

/** Small seeded generator (mulberry32) so a failure can be replayed from the printed seed. */
function seeded(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('reconnect backoff', () => {
	it('grows exponentially, is capped, and never hammers', () => {
		expect(reconnectDelay(0, () => 1)).toBe(500);
		expect(reconnectDelay(3, () => 1)).toBe(4000);
		expect(reconnectDelay(50, () => 1)).toBe(MAX_DELAY_MS);
		expect(reconnectDelay(0, () => 0)).toBe(100);
	});

	it('spreads 1,000 clients retrying after a restart instead of a lockstep wave', () => {
		const seed = Date.now() % 100_000;
		const random = seeded(seed);
		const delays = Array.from({ length: 1000 }, () => reconnectDelay(4, random));
		const buckets = new Set(delays.map((d) => Math.floor(d / 500)));
		// 8,000 ms ceiling in 500 ms buckets: a jittered spread fills nearly all 16 of them.
		expect(buckets.size, `seed ${seed}`).toBeGreaterThanOrEqual(14);
		expect(Math.max(...delays), `seed ${seed}`).toBeLessThanOrEqual(8000);
	});
});
