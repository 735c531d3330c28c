/**
 * The crash tests' bookkeeping (crash.test.ts, cluster/crash.test.ts): every write by key, and how
 * far the relay's acknowledgements went, so that what a crash may not take can be checked.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import type { SyncClient } from './clients';

/** One write: a record set to a value, and the clock that names it in acknowledgements. */
export interface Write {
	key: string;
	value: number;
	client: number;
	clock: number;
}

export /** Every write, by key, and how far the relay's acknowledgements went, by Yjs client. */
class WriteLog {
	private readonly byKey = new Map<string, Write[]>();
	private readonly ackedClock = new Map<number, number>();
	private readonly acksRead = new Map<SyncClient, number>();
	size = 0;

	add(write: Write): void {
		const list = this.byKey.get(write.key) ?? [];
		list.push(write);
		this.byKey.set(write.key, list);
		this.size++;
	}

	/** Folds in the acks the writers received since the last call. */
	learnAcks(writers: SyncClient[]): void {
		for (const writer of writers) {
			const acks = writer.acks.slice(this.acksRead.get(writer) ?? 0);
			this.acksRead.set(writer, writer.acks.length);
			for (const ack of acks) {
				for (const [client, clock] of ack) {
					if (clock > (this.ackedClock.get(client) ?? 0)) this.ackedClock.set(client, clock);
				}
			}
		}
	}

	private isAcked(write: Write): boolean {
		return (this.ackedClock.get(write.client) ?? 0) >= write.clock;
	}

	/** For each key with an acknowledged write: the value of the last acknowledged one. */
	lastAcked(): Map<string, number> {
		const acked = new Map<string, number>();
		for (const [key, list] of this.byKey) {
			const last = list.findLast((w) => this.isAcked(w));
			if (last) acked.set(key, last.value);
		}
		return acked;
	}

	unacked(): Write[] {
		return [...this.byKey.values()].flatMap((list) => list.filter((w) => !this.isAcked(w)));
	}

	/** Values the key took from `value` on. */
	valuesSince(key: string, value: number): number[] {
		return (this.byKey.get(key) ?? []).map((w) => w.value).filter((v) => v >= value);
	}

	latest(): Record<string, number> {
		const latest: Record<string, number> = {};
		for (const [key, list] of this.byKey) latest[key] = list.at(-1)?.value ?? NaN;
		return latest;
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function sameRecords(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * Every `everyMs`, each writer writes: mostly a new record, sometimes a new value for an earlier one
 * of its own; each write goes into `log`. Returns what stops it.
 */
export function keepWriting(
	writers: readonly SyncClient[],
	gen: prng.PRNG,
	log: WriteLog,
	everyMs: number
): () => void {
	let counter = 0;
	const timer = setInterval(() => {
		for (const writer of writers) {
			const id = prng.int32(gen, 0, 4) === 0 ? `r${prng.int32(gen, 0, counter)}` : `r${counter}`;
			writer.write(id, ++counter);
			const client = writer.doc.clientID;
			log.add({
				key: writer.member.key(id),
				value: counter,
				client,
				clock: Y.getState(writer.doc.store, client)
			});
		}
	}, everyMs);
	return () => clearInterval(timer);
}
