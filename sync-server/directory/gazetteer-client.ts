/**
 * The relay's way to the gazetteer: every lookup is a message to its worker thread
 * (gazetteer-worker.mjs), so loading the data (seconds of CPU) and searching it never stall the
 * main thread's event loop, hence never an acknowledgement.
 *
 * The worker starts on the first lookup, not with the relay: a relay nobody asks for a place (most
 * test relays, a relay with no listed board) never pays its 1–3.5 s of CPU and ~100 MB. A worker
 * that fails to load, crashes, runs out of its memory or stops answering fails the lookups waiting
 * on it with `GazetteerUnavailable`; the next lookup starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { Place } from './place';

/** What the directory asks of the gazetteer. */
export interface Places {
	/** Places whose name or one of its words starts with `query`, biggest population first. */
	search(query: string, limit: number): Promise<Place[]>;
	byId(id: number): Promise<Place | null>;
	/** The place a free-text city most likely means (gazetteer.ts's `matchCity`). */
	matchCity(text: string): Promise<Place | null>;
}

export class GazetteerUnavailable extends Error {
	constructor(reason: string) {
		super(`gazetteer unavailable: ${reason}`);
		this.name = 'GazetteerUnavailable';
	}
}

/** Plain JavaScript: worker threads do not inherit tsx's TypeScript loader. */
const WORKER_URL = new URL('./gazetteer-worker.mjs', import.meta.url);
/**
 * A lookup takes well under a millisecond once loaded; this covers the load on a busy machine.
 * Past it the worker is taken as hung and replaced.
 */
const DEFAULT_TIMEOUT_MS = 20_000;
/** The data peaks around 130 MB while it loads: room to spare, not to grow without end. */
const MAX_OLD_GENERATION_MB = 384;

type Op = 'search' | 'byId' | 'matchCity';

interface Waiting {
	resolve(result: unknown): void;
	reject(error: Error): void;
	timer: NodeJS.Timeout;
}

interface Reply {
	id: number;
	result?: unknown;
	error?: string;
}

export class GazetteerClient implements Places {
	private worker: Worker | null = null;
	private readonly waiting = new Map<number, Waiting>();
	private nextId = 0;
	private closed = false;

	constructor(
		private readonly workerUrl: URL = WORKER_URL,
		private readonly timeoutMs = DEFAULT_TIMEOUT_MS
	) {}

	/** Lookups sent and not answered yet. */
	get inFlight(): number {
		return this.waiting.size;
	}

	search(query: string, limit: number): Promise<Place[]> {
		return this.ask('search', [query, limit]) as Promise<Place[]>;
	}

	byId(id: number): Promise<Place | null> {
		return this.ask('byId', [id]) as Promise<Place | null>;
	}

	matchCity(text: string): Promise<Place | null> {
		return this.ask('matchCity', [text]) as Promise<Place | null>;
	}

	/** Stops the worker; lookups still waiting fail, later ones too. */
	async close(): Promise<void> {
		this.closed = true;
		const worker = this.worker;
		this.fail(worker, 'closed');
		await worker?.terminate();
	}

	private ask(op: Op, args: unknown[]): Promise<unknown> {
		if (this.closed) return Promise.reject(new GazetteerUnavailable('closed'));
		let worker: Worker;
		try {
			worker = this.worker ?? this.start();
		} catch (error) {
			return Promise.reject(new GazetteerUnavailable(String(error)));
		}
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.fail(worker, 'no answer in time');
				void worker.terminate();
			}, this.timeoutMs);
			timer.unref();
			this.waiting.set(id, { resolve, reject, timer });
			worker.postMessage({ id, op, args });
		});
	}

	private start(): Worker {
		const worker = new Worker(this.workerUrl, {
			resourceLimits: { maxOldGenerationSizeMb: MAX_OLD_GENERATION_MB }
		});
		// A relay shutting down without close() must not be kept alive by an idle gazetteer.
		worker.unref();
		worker.on('message', (reply: Reply) => {
			const waiting = this.waiting.get(reply.id);
			if (!waiting) return;
			this.waiting.delete(reply.id);
			clearTimeout(waiting.timer);
			if (reply.error === undefined) waiting.resolve(reply.result);
			else waiting.reject(new GazetteerUnavailable(reply.error));
		});
		worker.on('error', (error) => this.fail(worker, String(error)));
		worker.on('exit', (code) => this.fail(worker, `worker exited with code ${code}`));
		this.worker = worker;
		return worker;
	}

	/** Fails every waiting lookup and forgets `worker`, if it is still the current one. */
	private fail(worker: Worker | null, reason: string): void {
		if (worker === null || worker !== this.worker) return;
		this.worker = null;
		for (const waiting of this.waiting.values()) {
			clearTimeout(waiting.timer);
			waiting.reject(new GazetteerUnavailable(reason));
		}
		this.waiting.clear();
	}
}
