/** Latency samples and the generator's own health. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** A growable list of numbers with exact percentiles (sorted once, on demand). */
export class Samples {
	private data = new Float64Array(1024);
	private size = 0;
	private sorted = true;

	add(value: number): void {
		if (this.size === this.data.length) {
			const bigger = new Float64Array(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.size++] = value;
		this.sorted = false;
	}

	get count(): number {
		return this.size;
	}

	percentile(p: number): number {
		if (this.size === 0) return NaN;
		if (!this.sorted) {
			this.data.subarray(0, this.size).sort();
			this.sorted = true;
		}
		const index = Math.min(this.size - 1, Math.ceil((p / 100) * this.size) - 1);
		return this.data[Math.max(0, index)] ?? NaN;
	}
}

/**
 * A run is invalid when the generator itself was late: its event loop lagged (p99 > 20 ms) or it
 * sent less than 98% of what it should have. Its latencies would then measure the generator.
 */
export const MAX_LAG_P99_MS = 20;
export const MIN_DELIVERED = 0.98;

export class LagMonitor {
	private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

	constructor() {
		this.histogram.enable();
	}

	/** p99 of the event loop delay since construction, in ms. */
	stop(): number {
		this.histogram.disable();
		return this.histogram.percentile(99) / 1e6;
	}
}

export interface Validity {
	lagP99Ms: number;
	/** Sent / intended, 0–1. */
	delivered: number;
}

export function invalidReason(v: Validity): string | null {
	const reasons: string[] = [];
	if (v.lagP99Ms > MAX_LAG_P99_MS) reasons.push(`generator lag p99 ${v.lagP99Ms.toFixed(1)} ms`);
	if (v.delivered < MIN_DELIVERED) reasons.push(`delivered ${(v.delivered * 100).toFixed(1)}%`);
	return reasons.length > 0 ? reasons.join(', ') : null;
}
