/**
 * What the Quartier relay says of itself at /metrics, read by R1/R2 after their run (issue 15:
 * is the fan-out tail the commits' tail?): the commit latency histogram as percentiles, and
 * Node's event-loop delay and GC totals. Another peer (or a relay that does not answer) gives null.
 */
export interface RelaySelfReport {
	commits: number;
	/** Upper bounds of the histogram buckets the percentiles fall in, in ms. */
	commitP50Ms: number;
	commitP99Ms: number;
	commitP999Ms: number;
	eventLoopP99Ms: number;
	eventLoopMaxMs: number;
	gcSeconds: number;
}

function values(text: string, name: string): { labels: string; value: number }[] {
	const out: { labels: string; value: number }[] = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith(name)) continue;
		const match = /^(\S+?)(\{[^}]*\})?\s+(\S+)$/.exec(line);
		if (match && match[1] === name) out.push({ labels: match[2] ?? '', value: Number(match[3]) });
	}
	return out;
}

/** Percentile of a cumulative Prometheus histogram, as the upper bound of its bucket. */
function bucketPercentile(buckets: { le: number; count: number }[], p: number): number {
	const total = buckets.at(-1)?.count ?? 0;
	const wanted = (total * p) / 100;
	return buckets.find((b) => b.count >= wanted)?.le ?? Number.POSITIVE_INFINITY;
}

export async function readRelaySelfReport(httpBase: string): Promise<RelaySelfReport | null> {
	let text: string;
	try {
		const answer = await fetch(`${httpBase}/metrics`, { signal: AbortSignal.timeout(5000) });
		if (!answer.ok) return null;
		text = await answer.text();
	} catch {
		return null;
	}
	const buckets = values(text, 'quartier_commit_seconds_bucket')
		.map(({ labels, value }) => ({ le: Number(/le="([^"]+)"/.exec(labels)?.[1]), count: value }))
		.sort((a, b) => a.le - b.le);
	if (buckets.length === 0) return null;
	const one = (name: string) => values(text, name)[0]?.value ?? Number.NaN;
	const gc = values(text, 'quartier_nodejs_gc_duration_seconds_sum').reduce(
		(n, v) => n + v.value,
		0
	);
	return {
		commits: buckets.at(-1)!.count,
		commitP50Ms: bucketPercentile(buckets, 50) * 1000,
		commitP99Ms: bucketPercentile(buckets, 99) * 1000,
		commitP999Ms: bucketPercentile(buckets, 99.9) * 1000,
		eventLoopP99Ms: one('quartier_nodejs_eventloop_lag_p99_seconds') * 1000,
		eventLoopMaxMs: one('quartier_nodejs_eventloop_lag_max_seconds') * 1000,
		gcSeconds: gc
	};
}
