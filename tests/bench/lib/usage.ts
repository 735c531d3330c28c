/** CPU and memory of a server process, read from /proc (Linux). */
import * as fs from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat, 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of the whole process (all threads), in seconds. */
export function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name may contain spaces; fields are counted after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : NaN;
}

export interface UsageSummary {
	/** Average CPU over the window, % of one core. */
	cpuAvg: number;
	/** Highest CPU over one sampling interval, % of one core. */
	cpuPeak: number;
	rssEnd: number;
	rssMax: number;
}

/** One process, or several counted as one server (relay instances with PostgreSQL and Redis). */
export type ServerPids = number | (() => readonly number[]);

/**
 * Samples a process (or several, summed) every `intervalMs` until stopped. A process that appears
 * later (a PostgreSQL backend) counts from zero, one that exits keeps what it had used.
 */
export class UsageSampler {
	private readonly timer: NodeJS.Timeout;
	private readonly startAt = performance.now();
	private readonly list: () => readonly number[];
	/** Per process, its CPU seconds when first seen (0 when it started after the window did). */
	private readonly baseline = new Map<number, number>();
	private readonly latest = new Map<number, number>();
	private lastCpu = 0;
	private lastAt = this.startAt;
	private peak = 0;
	private rssMax = 0;

	constructor(pids: ServerPids, intervalMs = 250) {
		this.list = typeof pids === 'number' ? () => [pids] : pids;
		this.read(true);
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	/** CPU seconds used since the start, and the memory of the processes alive now. */
	private read(first = false): { cpu: number; rss: number } {
		let rss = 0;
		let alive = 0;
		for (const pid of this.list()) {
			try {
				const cpu = cpuSeconds(pid);
				rss += rssBytes(pid);
				alive++;
				if (!this.baseline.has(pid)) this.baseline.set(pid, first ? cpu : 0);
				this.latest.set(pid, cpu);
			} catch {
				// The process exited (a restart workload): what it used is kept.
			}
		}
		let cpu = 0;
		for (const [pid, seconds] of this.latest) cpu += seconds - (this.baseline.get(pid) ?? 0);
		return { cpu, rss: alive > 0 ? rss : NaN };
	}

	private sample(): void {
		const { cpu, rss } = this.read();
		const now = performance.now();
		this.peak = Math.max(this.peak, ((cpu - this.lastCpu) / ((now - this.lastAt) / 1000)) * 100);
		this.lastCpu = cpu;
		this.lastAt = now;
		if (!Number.isNaN(rss)) this.rssMax = Math.max(this.rssMax, rss);
	}

	stop(): UsageSummary {
		clearInterval(this.timer);
		this.sample();
		const seconds = (this.lastAt - this.startAt) / 1000;
		return {
			cpuAvg: seconds > 0 ? (this.lastCpu / seconds) * 100 : 0,
			cpuPeak: this.peak,
			rssEnd: this.read().rss,
			rssMax: this.rssMax
		};
	}
}

/** RSS after the server had `settleMs` to finish what it was doing (GC, compaction). */
export async function settledRss(pid: number, settleMs = 2000): Promise<number> {
	await sleep(settleMs);
	return rssBytes(pid);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
