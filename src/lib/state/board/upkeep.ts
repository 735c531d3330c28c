/**
 * What this device does on a board by itself, after the doc changes: publish my profile, confirm
 * requests on auto-accepting spaces, reseal addresses and contacts when devices change, refresh
 * the search projections. Each is a named service; one runner starts and stops them all, runs
 * them one at a time once a burst of updates (a catch-up) has settled, and owns the board's one
 * clock (the minute tick that lets requests expire and services become rateable on screen).
 */

export interface UpkeepService {
	readonly name: string;
	/**
	 * 'at-once': runs synchronously on every schedule (cheap, and others wait for it: my profile
	 * must be on the board before anything I write syncs); 'settled' (the default): after a burst.
	 */
	readonly when?: 'at-once' | 'settled';
	/** Does what is due now; may write to the doc. Errors are reported, other services still run. */
	run(): Promise<void> | void;
}

export interface UpkeepOptions {
	/** Wait this long after the last change before running (one run per burst). */
	settleMs: number;
	/** Period of the board clock. */
	tickMs: number;
	/** Called on every tick (the session re-derives time-dependent features). */
	onTick: () => void;
	/** False before the doc is loaded and after the session closed: nothing runs. */
	active: () => boolean;
	reportError: (error: unknown) => void;
}

export class Upkeep {
	private timer: ReturnType<typeof setTimeout> | null = null;
	private clock: ReturnType<typeof setInterval> | null = null;
	private running: Promise<void> | null = null;
	private again = false;
	private stopped = false;

	constructor(
		private readonly services: readonly UpkeepService[],
		private readonly options: UpkeepOptions
	) {}

	start(): void {
		this.clock ??= setInterval(() => {
			if (this.options.active()) this.options.onTick();
		}, this.options.tickMs);
	}

	stop(): void {
		this.stopped = true;
		if (this.clock) clearInterval(this.clock);
		if (this.timer) clearTimeout(this.timer);
		this.clock = null;
		this.timer = null;
	}

	/** The doc changed: run at-once services now, the others once things settle. */
	schedule(): void {
		if (this.stopped || !this.options.active()) return;
		for (const service of this.services) {
			if (service.when === 'at-once') void this.runOne(service);
		}
		this.settleThenRun();
	}

	/** One run per burst; a change during a run queues exactly one more after it. */
	private settleThenRun(): void {
		if (this.stopped) return;
		if (this.running) {
			this.again = true;
			return;
		}
		// Not restarted by each change: a long catch-up still gets its upkeep every `settleMs`.
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			this.running = this.runAll().finally(() => {
				this.running = null;
				if (this.again) {
					this.again = false;
					this.settleThenRun();
				}
			});
		}, this.options.settleMs);
	}

	private async runAll(): Promise<void> {
		for (const service of this.services) {
			if (this.stopped || !this.options.active()) return;
			if (service.when !== 'at-once') await this.runOne(service);
		}
	}

	private async runOne(service: UpkeepService): Promise<void> {
		try {
			await service.run();
		} catch (error) {
			this.options.reportError(error);
		}
	}
}
