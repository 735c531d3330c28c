/**
 * `npm run bench` (full, ~17 min) or `npm run bench -- --quick` (~5 min): runs the workloads of
 * issue 6 against Quartier and its peers, prints one table and writes tests/bench/results/latest.json.
 * `--only R1,B2` runs some workloads; `--peers quartier,ws floor` some peers. R1/R2 also run
 * Quartier on PostgreSQL, alone and as two instances with Redis, when both are installed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createContext, type BenchContext } from './lib/context';
import { HAS_TASKSET, killAllServers, pinSelf, REPO_ROOT } from './lib/proc';
import { renderTable, type Row } from './lib/report';
import { PEERS, quartier } from './peers';
import {
	distributedPeersAvailable,
	quartierPostgres,
	quartierTwoInstances
} from './peers/quartier-distributed';
import { runBundle } from './workloads/b2-bundle';
import { runColdOpen } from './workloads/b1-cold-open';
import { runDirectory } from './workloads/d1-directory';
import { runLighthouse } from './workloads/l1-lighthouse';
import { runBoardSize } from './workloads/c1-board-size';
import { runFanout } from './workloads/r1-r2-fanout';
import { runMemory } from './workloads/r3-memory';
import { runRestart } from './workloads/r4-restart';
import { runCatchUp } from './workloads/r5-catch-up';
import { runValidation } from './workloads/v1-validation';

const WORKLOADS: { ids: string[]; run: (ctx: BenchContext) => Promise<Row[]> }[] = [
	{ ids: ['R1', 'R2'], run: runFanout },
	{ ids: ['R3'], run: runMemory },
	{ ids: ['R4'], run: runRestart },
	{ ids: ['R5'], run: runCatchUp },
	{ ids: ['C1'], run: runBoardSize },
	{ ids: ['B1'], run: runColdOpen },
	{ ids: ['B2'], run: runBundle },
	{ ids: ['L1'], run: runLighthouse },
	{ ids: ['V1'], run: runValidation },
	{ ids: ['D1'], run: runDirectory }
];

const DISTRIBUTED_PEERS = [quartierPostgres, quartierTwoInstances];

const RESULTS_DIR = path.join(REPO_ROOT, 'tests/bench/results');
/** Data directories of the servers and the browser profile, removed however the run ends. */
const SCRATCH = path.join(RESULTS_DIR, `scratch-${process.pid}`);

function cleanUp(): void {
	killAllServers();
	fs.rmSync(SCRATCH, { recursive: true, force: true });
}

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const only = option('--only')?.toUpperCase().split(',');
	const peerNames = option('--peers')?.split(',');
	const peers = peerNames ? PEERS.filter((p) => peerNames.includes(p.name)) : PEERS;
	// Beside the SQLite relay, or by name; only where PostgreSQL and Redis are installed.
	const distributed = distributedPeersAvailable() ? DISTRIBUTED_PEERS : [];
	const fanoutPeers = peers.flatMap((p) => (p === quartier ? [p, ...distributed] : [p]));
	if (peerNames) {
		fanoutPeers.push(
			...distributed.filter((p) => peerNames.includes(p.name) && !fanoutPeers.includes(p))
		);
	}
	pinSelf();
	fs.mkdirSync(SCRATCH, { recursive: true });
	const ctx = createContext(quick, peers, fanoutPeers, SCRATCH);
	const started = Date.now();
	const rows: Row[] = [];
	try {
		for (const workload of WORKLOADS) {
			if (only && !workload.ids.some((id) => only.includes(id))) continue;
			const t0 = Date.now();
			try {
				rows.push(...(await workload.run(ctx)));
			} catch (error) {
				ctx.log(`${workload.ids.join('/')} failed: ${(error as Error).stack ?? String(error)}`);
				for (const id of workload.ids) {
					rows.push({
						id,
						peer: '–',
						figures: '–',
						run: `FAILED: ${(error as Error).message}`,
						docs: 'n/a'
					});
				}
			}
			ctx.log(`${workload.ids.join('/')} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		}
	} finally {
		cleanUp();
	}
	const seconds = (Date.now() - started) / 1000;
	const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, taskset ${HAS_TASKSET ? 'server core 0, generator core 1' : 'absent'}`;
	const peerList = peers.map((p) => `${p.name} ${p.version}`).join(', ');
	const header = `Quartier bench (${quick ? 'quick' : 'full'}), ${new Date().toISOString()}\n${machine}\npeers: ${peerList}\ntook ${seconds.toFixed(0)} s`;
	process.stdout.write(`\n${header}\n\n${renderTable(rows)}\n`);
	fs.writeFileSync(
		path.join(RESULTS_DIR, 'latest.json'),
		JSON.stringify(
			{
				quick,
				machine,
				peers: peers.map((p) => ({
					name: p.name,
					version: p.version,
					persistence: p.persistence,
					clientPolicy: p.clientPolicy
				})),
				seconds,
				rows
			},
			null,
			'\t'
		)
	);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanUp();
		process.exit(130);
	});
}
process.on('exit', killAllServers);

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		cleanUp();
		process.exit(1);
	}
);
