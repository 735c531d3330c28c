/**
 * R1: 1,000 clients in 100 rooms, each sending one small update per second (60 s; quick 20 s).
 * R2: the same rooms, the aggregate rate ramped step by step until fan-out p99 exceeds 50 ms.
 * Both run on one fleet per peer (R2 follows R1 on the same connections and rooms).
 */
import type { BenchContext } from '../lib/context';
import { withServer } from '../lib/context';
import { invalidReason } from '../lib/stats';
import { failed, mb, ms, pct, type Row } from '../lib/report';
import { verdictText, verifyRooms, type Verdict } from '../lib/verify';
import type { Peer } from '../peers/types';
import type { ServerPids } from '../lib/usage';
import { readRelaySelfReport, type RelaySelfReport } from '../lib/relay-metrics';
import { Fleet, type PhaseResult } from './fleet';

const CLIENTS = 1000;
const ROOMS = 100;
const R2_P99_LIMIT_MS = 50;
/** Below R1's rate, so a relay that cannot hold R1 still gets a figure. */
const RAMP_START = 250;

interface PeerOutcome {
	peer: Peer;
	r1: PhaseResult;
	r1Docs: Verdict | null;
	steps: PhaseResult[];
	maxSustained: number;
	/** Why the ramp stopped. */
	stopReason: string;
	r2Docs: Verdict | null;
	/** The relay's /metrics after R2 (Quartier only): commit latency, event-loop delay, GC. */
	self: RelaySelfReport | null;
}

export async function runFanout(ctx: BenchContext): Promise<Row[]> {
	const r1Seconds = ctx.quick ? 20 : 60;
	const stepSeconds = ctx.quick ? 2 : 5;
	const factor = ctx.quick ? 2 : 1.5;
	const outcomes: PeerOutcome[] = [];
	const failures: Row[] = [];
	for (const peer of ctx.fanoutPeers) {
		ctx.log(`R1/R2 ${peer.name}`);
		const outcome = await withServer(ctx, peer, 'r1', async (server, base) => {
			const bases = server.ports?.map((port) => `ws://127.0.0.1:${port}`) ?? base;
			const fleet = new Fleet(peer, bases, ROOMS);
			const pids = server.pids ?? server.pid;
			try {
				await fleet.connect(CLIENTS);
				const r1 = await fleet.run(CLIENTS, r1Seconds, 5000, pids);
				const verify = () =>
					peer.stateful
						? verifyRooms(
								peer,
								base,
								fleet.rooms.map((room, i) => ({ room, updates: fleet.sentByRoom[i] ?? [] }))
							)
						: Promise.resolve(null);
				// Quick runs check documents once, after R2 (which holds R1's updates too).
				const r1Docs = ctx.quick ? null : await verify();
				const ramp = await runRamp(fleet, pids, stepSeconds, factor, ctx);
				const r2Docs = await verify();
				// The first instance's own account of its commits and event loop over R1 and R2.
				const self = peer.name.startsWith('quartier')
					? await readRelaySelfReport(`http://127.0.0.1:${server.ports?.[0] ?? server.port}`)
					: null;
				if (self) ctx.log(`  ${peer.name} says: ${JSON.stringify(self)}`);
				return { peer, r1, r1Docs, ...ramp, r2Docs, self };
			} finally {
				fleet.close();
			}
		}).catch((e: unknown) => {
			failures.push(failed('R1', peer.name, e), failed('R2', peer.name, e));
			return null;
		});
		if (outcome !== null) outcomes.push(outcome);
	}
	return [
		...outcomes.map((o) => r1Row(o, outcomes)),
		...outcomes.map((o) => r2Row(o, outcomes)),
		...failures
	];
}

async function runRamp(
	fleet: Fleet,
	pid: ServerPids,
	stepSeconds: number,
	factor: number,
	ctx: BenchContext
): Promise<{ steps: PhaseResult[]; maxSustained: number; stopReason: string }> {
	const steps: PhaseResult[] = [];
	let maxSustained = 0;
	for (let rate = RAMP_START; rate <= 200_000; rate = Math.round(rate * factor)) {
		// Arrivals later than 60% of a step after it ended count as drops: the step failed anyway.
		const step = await fleet.run(rate, stepSeconds, stepSeconds * 600, pid);
		steps.push(step);
		const p99 = step.latency.percentile(99);
		ctx.log(
			`  ${rate}/s: p99 ${ms(p99)} ms, lost ${step.expected - step.received}, lag ${ms(step.lagP99Ms)} ms, gen CPU ${pct(step.generatorCpu)}, server CPU ${pct(step.usage.cpuAvg)}`
		);
		const invalid = invalidReason({
			lagP99Ms: step.lagP99Ms,
			delivered: step.sent / step.intended
		});
		const also = invalid === null ? '' : ` (and ${invalid})`;
		if (!(p99 <= R2_P99_LIMIT_MS))
			return { steps, maxSustained, stopReason: `p99 ${ms(p99)} ms at ${rate}/s${also}` };
		if (step.received < step.expected)
			return { steps, maxSustained, stopReason: `drops at ${rate}/s${also}` };
		if (invalid !== null)
			return { steps, maxSustained, stopReason: `generator-bound at ${rate}/s (${invalid})` };
		maxSustained = rate;
	}
	return { steps, maxSustained, stopReason: 'ramp ceiling reached' };
}

function r1Row(o: PeerOutcome, all: PeerOutcome[]): Row {
	const { r1 } = o;
	const drops = r1.expected - r1.received;
	const p = (q: number) => ms(r1.latency.percentile(q));
	const acks = r1.ackLatency.count > 0 ? `; ack p99 ${ms(r1.ackLatency.percentile(99))} ms` : '';
	const row: Row = {
		id: 'R1',
		peer: o.peer.name,
		figures:
			`fan-out p50 ${p(50)} / p99 ${p(99)} / p99.9 ${p(99.9)} ms; drops ${drops}; ` +
			`CPU ${pct(r1.usage.cpuAvg)}; RSS ${mb(r1.usage.rssEnd)}${acks}; generator CPU ${pct(r1.generatorCpu)}, lag p99 ${ms(r1.lagP99Ms)} ms`,
		run: runText(r1),
		docs: !o.peer.stateful
			? drops === 0
				? 'all received'
				: `${drops} lost`
			: o.r1Docs === null
				? 'checked after R2'
				: verdictText(o.r1Docs),
		data: { ...summarise(r1) }
	};
	if (o.peer.name === 'quartier') {
		const ref = all.find((x) => x.peer.name === '@y/websocket-server')?.r1.usage.cpuAvg;
		row.target = 'p99 ≤ 10 ms, zero drops, CPU ≤ @y/websocket-server';
		const cpuOk = ref === undefined || r1.usage.cpuAvg <= ref;
		row.verdict =
			r1.latency.percentile(99) <= 10 && drops === 0 && cpuOk
				? 'meets'
				: `MISSES (${[
						r1.latency.percentile(99) > 10 ? 'p99' : '',
						drops > 0 ? 'drops' : '',
						cpuOk ? '' : `CPU vs ${pct(ref ?? 0)}`
					]
						.filter(Boolean)
						.join(', ')})`;
	}
	return row;
}

/** The relay's own figures over R1 and R2, when it gave them. */
function selfText(self: RelaySelfReport | null): string {
	if (self === null) return '';
	return (
		`; relay's /metrics over R1+R2: ${self.commits} commits, p50 ≤ ${ms(self.commitP50Ms)} / p99 ≤ ${ms(self.commitP99Ms)} / p99.9 ≤ ${ms(self.commitP999Ms)} ms, ` +
		`event-loop delay p99 ${ms(self.eventLoopP99Ms)} / max ${ms(self.eventLoopMaxMs)} ms, GC ${self.gcSeconds.toFixed(2)} s`
	);
}

function r2Row(o: PeerOutcome, all: PeerOutcome[]): Row {
	const last = o.steps.at(-1);
	const row: Row = {
		id: 'R2',
		peer: o.peer.name,
		figures:
			`max sustained ${o.maxSustained === 0 ? `< ${RAMP_START}` : o.maxSustained} updates/s (p99 ≤ ${R2_P99_LIMIT_MS} ms, no drops); stopped: ${o.stopReason}; CPU at last step ${pct(last?.usage.cpuAvg ?? 0)}` +
			selfText(o.self),
		run: o.stopReason.startsWith('generator-bound')
			? `valid up to ${o.maxSustained}/s (lower bound)`
			: 'valid',
		docs: o.peer.stateful ? verdictText(o.r2Docs) : 'n/a (no document)',
		data: {
			maxSustained: o.maxSustained,
			stopReason: o.stopReason,
			steps: o.steps.map(summarise),
			self: o.self
		}
	};
	if (o.peer.name === 'quartier') {
		const others = all.filter((x) => x.peer.stateful && x.peer.name !== 'quartier');
		const best = Math.max(...others.map((x) => x.maxSustained));
		row.target = '≥ 2× both peers';
		// A rate below the first step counts as zero; so does a peer's, which keeps the ratio honest.
		row.verdict =
			others.length === 0
				? 'n/a (no peer ran)'
				: o.maxSustained > 0 && o.maxSustained >= 2 * best
					? 'meets'
					: `MISSES (${o.maxSustained === 0 ? `< ${RAMP_START}/s` : o.maxSustained} vs ${best}/s)`;
	}
	return row;
}

function runText(r: PhaseResult): string {
	const invalid = invalidReason({ lagP99Ms: r.lagP99Ms, delivered: r.sent / r.intended });
	const closed = r.closedSockets > 0 ? ` (${r.closedSockets} sockets closed)` : '';
	return (invalid === null ? 'valid' : `INVALID: ${invalid}`) + closed;
}

function summarise(r: PhaseResult) {
	return {
		rate: r.rate,
		seconds: r.seconds,
		intended: r.intended,
		sent: r.sent,
		expected: r.expected,
		received: r.received,
		p50: r.latency.percentile(50),
		p99: r.latency.percentile(99),
		p999: r.latency.percentile(99.9),
		ackP99: r.ackLatency.percentile(99),
		lagP99Ms: r.lagP99Ms,
		generatorCpu: r.generatorCpu,
		cpuAvg: r.usage.cpuAvg,
		cpuPeak: r.usage.cpuPeak,
		rssEnd: r.usage.rssEnd,
		closedSockets: r.closedSockets
	};
}
