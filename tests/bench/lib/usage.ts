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

/** Samples a process every `intervalMs` until stopped. */
export class UsageSampler {
	private readonly timer: NodeJS.Timeout;
	private readonly startCpu: number;
	private readonly startAt = performance.now();
	private lastCpu: number;
	private lastAt = this.startAt;
	private peak = 0;
	private rssMax = 0;

	constructor(
		private readonly pid: number,
		intervalMs = 250
	) {
		this.startCpu = cpuSeconds(pid);
		this.lastCpu = this.startCpu;
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	private sample(): void {
		try {
			const cpu = cpuSeconds(this.pid);
			const now = performance.now();
			this.peak = Math.max(this.peak, ((cpu - this.lastCpu) / ((now - this.lastAt) / 1000)) * 100);
			this.lastCpu = cpu;
			this.lastAt = now;
			this.rssMax = Math.max(this.rssMax, rssBytes(this.pid));
		} catch {
			// The process exited (a restart workload): the summary keeps what was seen.
		}
	}

	stop(): UsageSummary {
		clearInterval(this.timer);
		this.sample();
		const seconds = (this.lastAt - this.startAt) / 1000;
		let rssEnd = NaN;
		try {
			rssEnd = rssBytes(this.pid);
		} catch {
			// Gone.
		}
		return {
			cpuAvg: seconds > 0 ? ((this.lastCpu - this.startCpu) / seconds) * 100 : 0,
			cpuPeak: this.peak,
			rssEnd,
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
