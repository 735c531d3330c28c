/**
 * One board's live state on the relay: the Y.Doc rebuilt from storage, the awareness of the
 * people connected, and the connections themselves. Storage always runs ahead of memory: an
 * update is committed before the document or any peer sees it.
 */
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE_REMOVED } from '../src/lib/sync/protocol';
import { readRemovedMembers } from '../src/lib/domain/board/moderation';
import { ROOT } from '../src/lib/domain/board/schema';
import { checkUpdate, type RefusalReason } from '../src/lib/sync/write-scope';
import * as messages from './messages';
import type { RelayMetrics } from './metrics';
import type { Storage } from './storage';

export interface Peer {
	/** The authenticated member speaking on this connection. */
	readonly memberId: string;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
	/** Awareness client ids this peer set, removed for everyone when it leaves. */
	readonly awarenessClients: Set<number>;
}

/** The update would change another member's data, or is not a V1 update: nothing was stored. */
export class UpdateRefused extends Error {
	constructor(
		readonly reason: RefusalReason | 'doc-too-large',
		readonly detail: string
	) {
		super(`update refused: ${reason} (${detail})`);
	}
}
/** The update decoded but Yjs threw while applying it: its row was removed, the doc is suspect. */
export class UpdateFailed extends Error {}

/**
 * 200 rows: loading replays every row, so the log must stay short, but merging rewrites the whole
 * document, so not after every edit either.
 */
export const COMPACT_AFTER_ROWS = 200;

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly peers = new Set<Peer>();
	/** Members an admin removed; refused at authentication and disconnected when it happens. */
	removed = new Set<string>();
	private owners = new Map<number, string>();
	/** Bytes of the stored rows: what the document size cap is measured against. */
	private storedBytes = 0;
	private rows = 0;
	private lastSeq = 0;
	private compactionQueued = false;
	private destroyed = false;

	private constructor(
		readonly id: string,
		private readonly storage: Storage,
		private readonly log: Logger,
		private readonly maxDocBytes: number,
		private readonly metrics?: RelayMetrics
	) {
		// The relay is not a participant: without this every client would see it as a person.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	static load(
		id: string,
		storage: Storage,
		log: Logger,
		maxDocBytes: number,
		metrics?: RelayMetrics
	): Room {
		const room = new Room(id, storage, log, maxDocBytes, metrics);
		room.owners = storage.loadClientOwners(id);
		const { updates, maxSeq } = storage.loadUpdates(id);
		room.rows = updates.length;
		room.lastSeq = maxSeq;
		for (const update of updates) {
			room.storedBytes += update.byteLength;
			try {
				Y.applyUpdate(room.doc, update);
			} catch (error) {
				// Rows are validated before they are stored, so this means damage on disk; serving the
				// rest beats refusing the whole board.
				log.error({ room: id, err: error }, 'skipping a stored update that does not apply');
			}
		}
		room.removed = readRemovedMembers(room.doc, id);
		room.doc.getMap(ROOT.moderation).observe(() => room.onModeration());
		return room;
	}

	/**
	 * Binds a Yjs client id to a member for good (persisted). False when another member has it.
	 */
	bindClient(client: number, memberId: string): boolean {
		const owner = this.owners.get(client);
		if (owner !== undefined) return owner === memberId;
		this.storage.bindClients(this.id, [client], memberId);
		this.owners.set(client, memberId);
		return true;
	}

	/**
	 * Checks the sender's write scope, stores then applies the update, and forwards what changed
	 * to the other peers. Returns once the update is durable (or changed nothing).
	 */
	receiveUpdate(update: Uint8Array, from: Peer): void {
		const scope = checkUpdate(this.doc, update, {
			sender: from.memberId,
			ownerOf: (client) => this.owners.get(client)
		});
		if (!scope.ok) throw new UpdateRefused(scope.reason, scope.detail);
		if (!scope.changes) return;
		if (this.storedBytes + update.byteLength > this.maxDocBytes) {
			throw new UpdateRefused('doc-too-large', `board over ${this.maxDocBytes} bytes`);
		}
		// Copy: the frame's buffer would otherwise stay referenced from the doc's binary content.
		const stored = update.slice();
		const endCommit = this.metrics?.commitSeconds.startTimer();
		const seq = this.storage.appendUpdateBinding(this.id, stored, scope.newClients, from.memberId);
		endCommit?.();
		this.metrics?.updatesIn.inc();
		this.metrics?.bytesStored.inc(stored.byteLength);
		for (const client of scope.newClients) this.owners.set(client, from.memberId);
		this.rows++;
		this.storedBytes += stored.byteLength;
		this.lastSeq = seq;
		const changes: Uint8Array[] = [];
		const collect = (change: Uint8Array) => changes.push(change);
		this.doc.on('update', collect);
		try {
			Y.applyUpdate(this.doc, stored, from);
		} catch (error) {
			this.rows--;
			try {
				this.storage.deleteUpdate(seq);
			} catch (deleteError) {
				// Loading skips rows that throw, so a leftover row costs a log line, not the board.
				this.log.error({ room: this.id, seq, err: deleteError }, 'could not remove a bad row');
			}
			throw new UpdateFailed('update does not apply', { cause: error });
		} finally {
			this.doc.off('update', collect);
		}
		for (const change of changes) this.broadcast(messages.syncUpdate(change), from);
		this.metrics?.updatesOut.inc(changes.length * (this.peers.size - 1));
		if (this.rows > COMPACT_AFTER_ROWS) this.queueCompaction();
	}

	/** Folds every row into one, so loading stays fast and deleted content can be dropped. */
	compact(): void {
		if (this.rows <= 1) return;
		const merged = Y.encodeStateAsUpdate(this.doc);
		const before = this.rows;
		this.lastSeq = this.storage.replaceUpdates(this.id, this.lastSeq, merged);
		this.rows = 1;
		this.storedBytes = merged.byteLength;
		this.log.debug({ room: this.id, before, bytes: merged.byteLength }, 'compacted');
	}

	/** After the current frame, so the sender's ack is not delayed by rewriting the whole doc. */
	private queueCompaction(): void {
		if (this.compactionQueued) return;
		this.compactionQueued = true;
		setImmediate(() => {
			this.compactionQueued = false;
			if (this.destroyed) return;
			try {
				this.compact();
			} catch (error) {
				// The log keeps growing, which costs load time, not data; the next update retries.
				this.log.error({ room: this.id, err: error }, 'compaction failed');
			}
		});
	}

	join(peer: Peer): void {
		this.peers.add(peer);
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], null);
	}

	destroy(): void {
		this.destroyed = true;
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** An admin's removal takes effect at once: the removed member's connections are closed. */
	private onModeration(): void {
		this.removed = readRemovedMembers(this.doc, this.id);
		for (const peer of [...this.peers]) {
			if (this.removed.has(peer.memberId)) peer.close(CLOSE_REMOVED, 'removed by an admin');
		}
	}

	private broadcast(message: Uint8Array, except?: Peer): void {
		for (const peer of this.peers) if (peer !== except) peer.send(message);
	}

	private isPeer(origin: unknown): origin is Peer {
		return this.peers.has(origin as Peer);
	}

	private onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		if (this.isPeer(origin)) {
			for (const client of added) origin.awarenessClients.add(client);
			for (const client of updated) origin.awarenessClients.add(client);
			for (const client of removed) origin.awarenessClients.delete(client);
		}
		// Sent to the sender as well: y-websocket drops a socket that received nothing for 30 s, and a
		// lone client's own awareness renewals (every 15 s) are what keeps it alive.
		this.broadcast(messages.awarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
	};
}
