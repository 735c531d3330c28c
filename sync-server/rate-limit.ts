/** Token buckets: a steady rate with room for short bursts. */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private readonly now: () => number = Date.now
	) {
		this.tokens = burst;
		this.last = now();
	}

	/** Takes `cost` tokens if available. */
	take(cost = 1): boolean {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}

	/** True when the bucket has refilled completely: nothing to remember about this key. */
	get idle(): boolean {
		return this.tokens + ((this.now() - this.last) / 1000) * this.perSecond >= this.burst;
	}
}

/** One bucket per key (a socket address), forgetting keys that went quiet. */
export class KeyedRateLimit {
	private readonly buckets = new Map<string, TokenBucket>();
	private sweeps = 0;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number
	) {}

	take(key: string): boolean {
		// Every 1,000 calls, drop full buckets so the map does not grow with every address seen.
		if (++this.sweeps % 1000 === 0) {
			for (const [k, bucket] of this.buckets) if (bucket.idle) this.buckets.delete(k);
		}
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = new TokenBucket(this.perSecond, this.burst);
			this.buckets.set(key, bucket);
		}
		return bucket.take();
	}
}
