/**
 * By hand (`npx tsx tests/bench/gazetteer-loop-delay.ts`): the relay's main-thread event-loop
 * delay while the gazetteer is first used, and the latency of the first and next `/api/places`.
 * A relay in this process, a fresh data directory; nothing else runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readConfig } from '../../sync-server/config';
import { createLogger } from '../../sync-server/logger';
import { startRelay } from '../../sync-server/relay';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazetteer-delay-'));
const config = readConfig({ PORT: '0', QUARTIER_DATA: dataDir, QUARTIER_STATIC: dataDir });
const relay = await startRelay(config, createLogger('silent'));
const base = `http://127.0.0.1:${relay.port}`;
const ms = (ns: number) => (ns / 1e6).toFixed(1);

async function timed(url: string): Promise<[number, number]> {
	const started = performance.now();
	const res = await fetch(base + url);
	await res.arrayBuffer();
	return [performance.now() - started, res.status];
}

const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
// The same window with nothing asked: what this machine's load alone costs the loop.
const idle = monitorEventLoopDelay({ resolution: 5 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, 2000));
idle.disable();
console.log(`idle 2 s: loop delay max ${ms(idle.max)} ms, p99 ${ms(idle.percentile(99))} ms`);
const rssBefore = mb();

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const [first, firstStatus] = await timed('/api/places?q=esch');
delay.disable();
const later: number[] = [];
for (const q of ['lux', 'esch', 'sur alz', 'pet', 'l', 'paris', 'lyon', 'diff'].flatMap((q) =>
	Array<string>(25).fill(q)
)) {
	later.push((await timed(`/api/places?q=${encodeURIComponent(q)}`))[0]);
}
later.sort((a, b) => a - b);
console.log(
	`first /api/places: ${first.toFixed(0)} ms (${firstStatus}); the next ${later.length}: ` +
		`median ${later[later.length >> 1]!.toFixed(2)} ms, p99 ${later[Math.floor(later.length * 0.99)]!.toFixed(2)} ms`
);
console.log(
	`main-thread loop delay during it: max ${ms(delay.max)} ms, p99 ${ms(delay.percentile(99))} ms, ` +
		`mean ${ms(delay.mean)} ms`
);
console.log(`rss before: ${rssBefore}, after: ${mb()} (the worker's heap included)`);
await relay.close();
fs.rmSync(dataDir, { recursive: true, force: true });
