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
	/** A resync is reading the log; `again` when another was asked for meanwhile. */
	private resyncing = false;
	private again = false;

	constructor(
		private readonly room: RemoteTarget,
		private readonly rows: HeldRows,
		private readonly storage: Storage,
		private readonly log: Logger
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

	/** Reads the log again and applies the rows this copy lacks; the bindings after the rows, as a load. */
	async resync(): Promise<void> {
		if (this.resyncing) {
			this.again = true;
			return;
		}
		this.resyncing = true;
		const { id, doc } = this.room;
		try {
			do {
				this.again = false;
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
			} while (this.again && !this.room.destroyed);
		} catch (error) {
			this.log.error({ room: id, err: error }, 'could not read the log again');
		} finally {
			this.resyncing = false;
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
