/**
 * R4: 2,000 connected clients (quick: 1,000) in rooms of 10, each holding one write; the server is
 * stopped (SIGTERM) and started again on the same port and data. Every client retries with its
 * own client's policy (the app's jittered backoff for Quartier, the peers' clients for theirs)
 * and answers the server's step 1 with what it holds, like a real client after a restart.
 */
import { RawClient } from '../lib/client';
import type { BenchContext } from '../lib/context';
import { newMember } from '../lib/members';
import { freePort } from '../lib/proc';
import { failed, pct, type Row } from '../lib/report';
import { UpdateBuilder } from '../lib/updates';
import { sleep, UsageSampler } from '../lib/usage';
import { verdictText, verifyRooms } from '../lib/verify';
import type { Peer } from '../peers/types';
import { randomRoom } from './fleet';

/**
 * A "synchronized retry wave": more than a quarter of all clients trying to connect within the
 * same 100 ms (the server then faces them all at once).
 */
const WAVE_SHARE = 0.25;
const BIN_MS = 100;
const CPU_SAMPLE_MS = 100;

interface Client {
	raw: RawClient;
	attempt: number;
	syncedAt: number | null;
	timer: NodeJS.Timeout | null;
}

export async function runRestart(ctx: BenchContext): Promise<Row[]> {
	const count = ctx.quick ? 1000 : 2000;
	const rows: Row[] = [];
	for (const peer of ctx.peers) {
		ctx.log(`R4 ${peer.name}`);
		rows.push(
			await restartOnce(ctx, peer, count).catch((e: unknown) => failed('R4', peer.name, e))
		);
	}
	return rows;
}

async function restartOnce(ctx: BenchContext, peer: Peer, count: number): Promise<Row> {
	const dataDir = ctx.tempDir(`r4-${peer.name}`);
	const port = await freePort();
	let server = await peer.start({ dataDir, port });
	const base = `ws://127.0.0.1:${port}`;
	const rooms = Array.from({ length: count / 10 }, randomRoom);
	const attempts: number[] = [];
	let t0 = 0;
	let reconnecting = false;
	const clients: Client[] = [];
	const connect = (c: Client) => {
		c.timer = null;
		attempts.push(performance.now() - t0);
		c.raw.connect(60_000).then(
			() => {
				c.syncedAt = performance.now() - t0;
				c.attempt = 0;
			},
			() => {} // the close handler schedules the next try
		);
	};
	for (let i = 0; i < count; i++) {
		const member = newMember();
		const builder = new UpdateBuilder(member);
		const [update] = builder.newPosts(1);
		builder.destroy();
		const raw = new RawClient(peer.wire, base, rooms[i % rooms.length]!, member, {
			onClose: () => {
				if (!reconnecting || c.timer !== null) return;
				c.timer = setTimeout(() => connect(c), peer.reconnectDelay(c.attempt++));
			}
		});
		raw.own = update!;
		const c: Client = { raw, attempt: 0, syncedAt: null, timer: null };
		clients.push(c);
	}
	try {
		for (let i = 0; i < count; i += 100) {
			await Promise.all(clients.slice(i, i + 100).map((c) => c.raw.connect()));
		}
		for (const c of clients) c.raw.sendUpdate(c.raw.own);
		await sleep(2000);
		reconnecting = true;
		t0 = performance.now();
		await server.stop();
		server = await peer.start({ dataDir, port });
		const usage = new UsageSampler(server.pid, CPU_SAMPLE_MS);
		const target = Math.ceil(count * 0.99);
		const deadline = performance.now() + 60_000;
		const synced = () => clients.filter((c) => c.syncedAt !== null).length;
		// Until everyone is back, or 5 s after 99% are (stragglers still get counted until then).
		let reached99: number | null = null;
		const straggle = ctx.quick ? 2000 : 5000;
		while (synced() < count && performance.now() < deadline) {
			if (reached99 === null && synced() >= target) reached99 = performance.now();
			if (reached99 !== null && performance.now() - reached99 > straggle) break;
			await sleep(50);
		}
		const summary = usage.stop();
		reconnecting = false;
		const times = clients.map((c) => c.syncedAt ?? Infinity).sort((a, b) => a - b);
		const t99 = (times[target - 1] ?? Infinity) / 1000;
		const docs = peer.stateful
			? await verifyRooms(
					peer,
					base,
					rooms.map((room, i) => ({
						room,
						updates: clients.filter((_, j) => j % rooms.length === i).map((c) => c.raw.own)
					}))
				)
			: null;
		const bins = new Map<number, number>();
		for (const t of attempts)
			bins.set(Math.floor(t / BIN_MS), (bins.get(Math.floor(t / BIN_MS)) ?? 0) + 1);
		const peakBin = Math.max(...bins.values());
		const waves = [...bins.values()].filter((n) => n > WAVE_SHARE * count).length;
		const row: Row = {
			id: 'R4',
			peer: peer.name,
			figures:
				`99% synced after ${t99.toFixed(2)} s (${synced()}/${count} in the end); peak server CPU ${pct(summary.cpuPeak)}; ` +
				`${attempts.length} connection attempts, at most ${peakBin} (${pct((peakBin / count) * 100)} of clients) in one 100 ms; ${waves} waves (> ${pct(WAVE_SHARE * 100)} in 100 ms); client: ${peer.clientPolicy}`,
			run: 'valid',
			docs: peer.stateful ? verdictText(docs) : 'n/a (no document)',
			data: { t99, peakCpu: summary.cpuPeak, attempts: attempts.length, peakBin, waves }
		};
		if (peer.name === 'quartier') {
			row.target = '≤ 10 s to 99% synced, no synchronized retry waves';
			const misses = [t99 > 10 ? 'time' : '', waves > 0 ? 'retry waves' : ''].filter(Boolean);
			row.verdict = misses.length === 0 ? 'meets' : `MISSES (${misses.join(', ')})`;
		}
		return row;
	} finally {
		reconnecting = false;
		for (const c of clients) {
			if (c.timer !== null) clearTimeout(c.timer);
			c.raw.close();
		}
		await server.stop();
	}
}
