/**
 * The phone's causal gate (issue 18, "any delivery order"): an update reaches the document only
 * when it integrates completely (integration.ts `blockersOf` finds nothing it waits for);
 * otherwise it is held whole — structs *and* deletions — and tried again each time the document
 * gains data.
 *
 * Why: packets handed over at the door arrive in no particular order. `Y.applyUpdate` of an update
 * whose structs wait for missing clocks keeps those structs pending but applies its deletions at
 * once, so a map overwrite (a host's roster rewritten) that arrives before the write it replaces
 * deletes the old value and shows nothing until the gap fills: a guest's "Confirmé" turns back into
 * "Demandé". Held whole, the overwrite waits and the old value stays shown until both can land.
 *
 * Memory is bounded: over the cap, the oldest held update is dropped and reported. Nothing is lost
 * for good by that: what it carried comes again with the relay's next sync, or another packet.
 * Duplicates and updates the document already holds integrate (they add nothing) and are harmless.
 *
 * Pure over a Y.Doc: no storage, no connection. Relay updates keep their own path
 * (board-connection.ts): they arrive in the relay's causal order, which already integrates.
 */
import * as Y from 'yjs';
import { blockersOf, type Blocker } from './integration';
import { decodeCanonicalV1, type DeleteRange, type Struct } from './update-structs';

/** What became of an offered update. */
export type GateOutcome =
	/** Integrated completely (or held nothing new): it is in the document now. */
	| 'applied'
	/** Waits for older data; applied by itself once that data is in the document. */
	| 'held'
	/** Not the V1 bytes Yjs writes: never applied, never held. */
	| 'malformed'
	/**
	 * Carries a Skip (written by a document that itself holds pending structs): a Skip never
	 * integrates, so it is neither applied nor held; the relay refuses it too.
	 */
	| 'incomplete'
	/** Bigger than everything the gate may hold: dropped at once (it will come again by a sync). */
	| 'dropped'
	/** Its `admit` check said no once it could integrate: never applied. */
	| 'refused';

export interface HeldSummary {
	count: number;
	bytes: number;
}

export type GateEvent =
	| { type: 'held'; bytes: number; held: HeldSummary }
	/** A held update finally integrated ("en attente de données plus anciennes" → done). */
	| { type: 'released'; bytes: number; waitedMs: number; held: HeldSummary }
	/** Dropped to stay within the caps (`cap`) or because the document was destroyed. */
	| { type: 'dropped'; bytes: number; why: 'cap' | 'destroyed'; held: HeldSummary }
	/** A held update integrates now, but its `admit` check refused it: never applied. */
	| { type: 'refused'; bytes: number; held: HeldSummary };

export interface OfferOptions {
	/** Origin of its `Y.applyUpdate` (default: the gate's). */
	origin?: unknown;
	/**
	 * Asked right before the update is applied, once it integrates completely — the moment its
	 * effect can be judged (a packet's write scope, `checkUpdate`, refuses what does not integrate
	 * yet). False: the update is refused, never applied.
	 */
	admit?: (update: Uint8Array) => boolean;
}

export interface CausalGateOptions {
	/** Origin of the gate's own `Y.applyUpdate` calls, unless `offer` names one. */
	origin?: unknown;
	/** At most this many updates held (default 256). */
	maxHeldUpdates?: number;
	/** At most this many bytes held (default 4 MiB). */
	maxHeldBytes?: number;
	/** The clock of `waitedMs` (tests pass their own). */
	now?: () => number;
}

export const DEFAULT_MAX_HELD_UPDATES = 256;
export const DEFAULT_MAX_HELD_BYTES = 4 * 1024 * 1024;

interface Held {
	update: Uint8Array;
	runs: Map<number, Struct[]>;
	deletions: Map<number, DeleteRange[]>;
	origin: unknown;
	admit: ((update: Uint8Array) => boolean) | undefined;
	since: number;
	/** What it waited for when last judged: nothing to judge again until one of these is there. */
	waitingFor: Blocker[];
}

export class CausalGate {
	private readonly held: Held[] = [];
	private heldBytes = 0;
	private readonly listeners = new Set<(event: GateEvent) => void>();
	/** True while the gate itself applies: the document's update event must not re-enter. */
	private busy = false;
	private readonly maxUpdates: number;
	private readonly maxBytes: number;
	private readonly now: () => number;
	private readonly onUpdate = () => {
		if (!this.busy && this.held.length > 0) this.retry();
	};
	private readonly onDestroy = () => this.destroy();

	constructor(
		private readonly doc: Y.Doc,
		private readonly options: CausalGateOptions = {}
	) {
		this.maxUpdates = Math.max(1, options.maxHeldUpdates ?? DEFAULT_MAX_HELD_UPDATES);
		this.maxBytes = Math.max(1, options.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES);
		this.now = options.now ?? Date.now;
		// Any data the document gains, from the relay or a local edit, may be what one waits for.
		doc.on('update', this.onUpdate);
		doc.on('destroy', this.onDestroy);
	}

	/** How much waits for older data now. */
	get summary(): HeldSummary {
		return { count: this.held.length, bytes: this.heldBytes };
	}

	/** Calls `listener` on every held, released, dropped or refused update; returns how to stop. */
	listen(listener: (event: GateEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Applies the update if it integrates completely, holds it whole otherwise. The gate decides
	 * *when*; whether (write scope, packet checks) is `admit`'s, asked once it may integrate.
	 */
	offer(update: Uint8Array, options: OfferOptions = {}): GateOutcome {
		const { origin = this.options.origin, admit } = options;
		const decoded = decodeCanonicalV1(update);
		if ('problem' in decoded) return 'malformed';
		const blockers = blockersOf(this.doc.store, decoded.runs, decoded.deletions);
		if (blockers.length === 0) {
			if (!admits(admit, update)) return 'refused';
			this.apply(update, origin);
			this.retry();
			return 'applied';
		}
		if (blockers.some((b) => b.why === 'skip')) return 'incomplete';
		if (update.byteLength > this.maxBytes) {
			this.emit({ type: 'dropped', bytes: update.byteLength, why: 'cap', held: this.summary });
			return 'dropped';
		}
		// The same bytes twice (a packet scanned again) are held once.
		if (this.held.some((h) => sameBytes(h.update, update))) return 'held';
		const { runs, deletions } = decoded;
		const since = this.now();
		this.held.push({
			update: update.slice(),
			runs,
			deletions,
			origin,
			admit,
			since,
			waitingFor: blockers
		});
		this.heldBytes += update.byteLength;
		this.emit({ type: 'held', bytes: update.byteLength, held: this.summary });
		this.enforceCaps();
		return 'held';
	}

	/**
	 * Applies every held update that integrates now, oldest first, again while one lands (one can
	 * be what the next waits for). Runs by itself on the document's updates; call it when told.
	 * Returns how many were applied.
	 */
	retry(): number {
		if (this.busy) return 0;
		let applied = 0;
		let progress = true;
		while (progress && this.held.length > 0) {
			progress = false;
			for (const entry of [...this.held]) {
				if (!this.mayHaveArrived(entry)) continue;
				entry.waitingFor = blockersOf(this.doc.store, entry.runs, entry.deletions);
				if (entry.waitingFor.length > 0) continue;
				this.remove(entry);
				const bytes = entry.update.byteLength;
				if (!admits(entry.admit, entry.update)) {
					this.emit({ type: 'refused', bytes, held: this.summary });
					continue;
				}
				this.apply(entry.update, entry.origin);
				applied++;
				progress = true;
				const waitedMs = this.now() - entry.since;
				this.emit({ type: 'released', bytes, waitedMs, held: this.summary });
			}
		}
		return applied;
	}

	/** Stops listening to the document and forgets what is held (reported as dropped). */
	destroy(): void {
		this.doc.off('update', this.onUpdate);
		this.doc.off('destroy', this.onDestroy);
		for (const entry of [...this.held]) {
			this.remove(entry);
			const bytes = entry.update.byteLength;
			this.emit({ type: 'dropped', bytes, why: 'destroyed', held: this.summary });
		}
		this.listeners.clear();
	}

	private apply(update: Uint8Array, origin: unknown): void {
		this.busy = true;
		try {
			Y.applyUpdate(this.doc, update, origin);
		} finally {
			this.busy = false;
		}
	}

	/** Whether a clock it waited for is now in the document (otherwise judging again is wasted). */
	private mayHaveArrived(entry: Held): boolean {
		return entry.waitingFor.some((b) => Y.getState(this.doc.store, b.client) > b.clock);
	}

	private enforceCaps(): void {
		while (this.held.length > this.maxUpdates || this.heldBytes > this.maxBytes) {
			const oldest = this.held[0]!;
			this.remove(oldest);
			const bytes = oldest.update.byteLength;
			this.emit({ type: 'dropped', bytes, why: 'cap', held: this.summary });
		}
	}

	private remove(entry: Held): void {
		const i = this.held.indexOf(entry);
		if (i < 0) return;
		this.held.splice(i, 1);
		this.heldBytes -= entry.update.byteLength;
	}

	private emit(event: GateEvent): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(event);
			} catch (error) {
				// A listener's bug (the UI's) must not stop the updates that follow.
				console.error('causal gate listener failed', error);
			}
		}
	}
}

/** An admit check that throws refuses: its bug must not apply an update, nor stop the rest. */
function admits(admit: OfferOptions['admit'], update: Uint8Array): boolean {
	if (!admit) return true;
	try {
		return admit(update);
	} catch (error) {
		console.error('causal gate admit check failed', error);
		return false;
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
	return true;
}
