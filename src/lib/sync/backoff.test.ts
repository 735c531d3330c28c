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
		expect(reconnectDelay(0, () => 1)).toBe(1000);
		expect(reconnectDelay(3, () => 1)).toBe(8000);
		expect(reconnectDelay(50, () => 1)).toBe(MAX_DELAY_MS);
		expect(reconnectDelay(0, () => 0)).toBe(100);
	});

	it('spreads 1,000 clients retrying after a restart instead of a lockstep wave', () => {
		const seed = Date.now() % 100_000;
		const random = seeded(seed);
		const delays = Array.from({ length: 1000 }, () => reconnectDelay(0, random));
		const perBucket = new Map<number, number>();
		for (const d of delays)
			perBucket.set(Math.floor(d / 100), (perBucket.get(Math.floor(d / 100)) ?? 0) + 1);
		// First retries spread over 100–1,000 ms: no 100 ms slice gets a quarter of the clients.
		expect(Math.max(...perBucket.values()), `seed ${seed}`).toBeLessThan(250);
		expect(perBucket.size, `seed ${seed}`).toBeGreaterThanOrEqual(9);
		expect(Math.min(...delays), `seed ${seed}`).toBeGreaterThanOrEqual(100);
		expect(Math.max(...delays), `seed ${seed}`).toBeLessThanOrEqual(1000);
	});
});
