/**
 * What a room hears from the other relay instances that have it loaded (fanout/): rows they
 * committed, their folds, the presence of their phones, and calls to read the log again when
 * announcements may have been lost. A row from elsewhere is committed already, and was judged by
 * the instance that took it: here it is applied, its client ids bound to its writer, and sent on.
 */
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { blockersOf } from '../src/lib/sync/integration';
import { decodeCanonicalV1 } from '../src/lib/sync/update-structs';
import { hasPending } from './doc-state';
import type { RoomMessage } from './fanout/room-message';
import type { HeldRows } from './held-rows';
import type { RoomPolicy } from './policy/room-policy';
import type { Storage } from './storage';

/** Origin of what another relay instance committed or announced: not a peer here. */
export const REMOTE = Symbol('remote');

/** Refusals a copy that lacks committed rows (and their bindings) can give an honest update. */
const GAP_REASONS = new Set([
	'foreign-client',
	'foreign-parent',
	'foreign-delete',
	'missing-dependency',
	'incomplete'
]);
const CATCH_UP_EVERY_MS = 500;

/** The room as its remote side sees it. */
export interface RemoteTarget {
	readonly id: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly policy: RoomPolicy;
	readonly destroyed: boolean;
	/** A change committed elsewhere reached the doc: counted committed, sent to every peer here. */
	committedElsewhere(change: Uint8Array): void;
}

export class RemoteRows {
	/** The read of the log under way, if any; `again` when another was asked for meanwhile. */
	private reading: Promise<void> | null = null;
	private again = false;
	/** Whether the last read of the log went through (upToDate). */
	private lastReadOk = false;
	/** When the last read before a refusal started (catchUpBeforeRefusing). */
	private lastCatchUp = -Infinity;

	constructor(
		private readonly room: RemoteTarget,
		private readonly rows: HeldRows,
		private readonly storage: Storage,
		private readonly log: Logger,
		/** False on a single relay, whose copy never lacks a committed row. */
		private readonly shared: boolean
	) {}

	receive(message: RoomMessage): void {
		if (this.room.destroyed) return;
		switch (message.kind) {
			case 'row':
				this.room.policy.bindWritten(message.clients, message.writer);
				this.apply(message.seq, message.update);
				break;
			case 'fold':
				this.rows.foldedElsewhere(message.deleted, message.bytes);
				break;
			case 'awareness':
				try {
					awarenessProtocol.applyAwarenessUpdate(this.room.awareness, message.update, REMOTE);
				} catch (error) {
					this.log.warn({ room: this.room.id, err: error }, 'ignored a malformed remote presence');
				}
				break;
			case 'resync':
				void this.resync();
				break;
		}
	}

	/**
	 * Before an update is refused for something this copy may only lack: a phone can bring rows
	 * that an instance committed and forwarded, then died before announcing (or announced while
	 * Redis was away). The log is read again, then the update judged again. At most one read every
	 * CATCH_UP_EVERY_MS per room starts this way, so a forger's refusals do not become one read
	 * each. Null when refusing is the answer.
	 */
	catchUpBeforeRefusing(reason: string): Promise<void> | null {
		if (!this.shared || !GAP_REASONS.has(reason)) return null;
		if (this.reading) return this.resync();
		const now = performance.now();
		if (now - this.lastCatchUp < CATCH_UP_EVERY_MS) return null;
		this.lastCatchUp = now;
		return this.resync();
	}

	/**
	 * Whether this copy holds every row committed before the call: at once on a single relay; with
	 * several instances, after reading the log again (false when that read failed). For what must
	 * not judge from a lagging copy, such as deleting the photos no record names.
	 */
	async upToDate(): Promise<boolean> {
		if (!this.shared) return true;
		await this.resync();
		return this.lastReadOk && !this.room.destroyed;
	}

	/**
	 * Reads the log again and applies the rows this copy lacks; the bindings after the rows, as a
	 * load. Resolves once a read that started after the call is done.
	 */
	resync(): Promise<void> {
		if (this.reading) {
			this.again = true;
			return this.reading;
		}
		this.reading = this.readLog().finally(() => {
			this.reading = null;
		});
		return this.reading;
	}

	private async readLog(): Promise<void> {
		const { id, doc } = this.room;
		try {
			do {
				this.again = false;
				this.lastReadOk = false;
				const { updates, seqs } = await this.storage.loadUpdates(id);
				const owners = await this.storage.loadClientOwners(id);
				if (this.room.destroyed) return;
				for (const [client, member] of owners) this.room.policy.bindWritten([client], member);
				seqs.forEach((seq, i) => this.apply(seq, updates[i]!, false));
				if (hasPending(doc)) {
					// A row's causes commit with it or before it: pending data now means damage on disk.
					this.log.error({ room: id }, 'dropping stored data that does not integrate');
					doc.store.pendingStructs = doc.store.pendingDs = null;
				}
				this.lastReadOk = true;
			} while (this.again && !this.room.destroyed);
		} catch (error) {
			this.log.error({ room: id, err: error }, 'could not read the log again');
		}
	}

	/**
	 * A row committed elsewhere. One that builds on a row this copy never heard of (its instance
	 * died between commit and announcement) is not applied: it would stay pending in the live doc,
	 * where the next local update would find it. The log is read again instead, and has both.
	 */
	private apply(seq: number, update: Uint8Array, resyncOnGap = true): void {
		if (this.room.destroyed || this.rows.holds(seq)) return;
		const { doc } = this.room;
		if (resyncOnGap && waitsForMissing(doc, update)) {
			void this.resync();
			return;
		}
		this.rows.add(seq, update.byteLength);
		const changes: Uint8Array[] = [];
		const collect = (change: Uint8Array) => changes.push(change);
		doc.on('update', collect);
		try {
			Y.applyUpdate(doc, update, REMOTE);
		} catch (error) {
			this.log.error({ room: this.room.id, seq, err: error }, 'a committed row does not apply');
		} finally {
			doc.off('update', collect);
		}
		for (const change of changes) this.room.committedElsewhere(change);
	}
}

function waitsForMissing(doc: Y.Doc, update: Uint8Array): boolean {
	const decoded = decodeCanonicalV1(update);
	// Rows were judged before they were stored, so this is damage; Yjs will say what it can take.
	if ('problem' in decoded) return false;
	return blockersOf(doc.store, decoded.runs, decoded.deletions).length > 0;
}
