/**
 * One board's live state on the relay: the Y.Doc rebuilt from storage, the awareness of the
 * people connected, and the connections themselves. Storage always runs ahead of memory: an
 * update is committed before the document or any peer sees it. What members may do here is the
 * room's policy (policy/room-policy.ts): it judges every update, and says whom to send off.
 */
import type { Logger } from 'pino';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeStateVectorMap, hasPending } from './doc-state';
import { HeldUpdates } from './held-updates';
import { HeldRows } from './held-rows';
import { LogFolder } from './room-fold';
import { RoomPresence } from './room-presence';
import { RemoteRows } from './room-remote';
import { SINGLE_INSTANCE_ROOM, type RoomChannel } from './fanout/fanout';
import type { RoomMessage } from './fanout/room-message';
import { CompactionTurns, type CompactionSettings } from './compaction-turns';
import { DEFAULT_COMPACT_AFTER_ROWS } from './config';
import * as messages from './messages';
import type { RelayMetrics } from './metrics';
import { storedBoardPolicies } from './policy/board-policy';
import type { MemberDevice, PolicyFactory, RefusalOf } from './policy/room-policy';
import type { ScopeResult, RoomPolicy } from './policy/room-policy';
import type { Storage } from './storage';
import { StorageFailed, UpdateFailed, UpdateRefused } from './update-errors';

/** A connection in the room: the authenticated member and device speaking on it. */
export interface Peer extends MemberDevice {
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
	/** Awareness client ids this peer set, removed for everyone when it leaves. */
	readonly awarenessClients: Set<number>;
}

export { StorageFailed, UpdateFailed, UpdateRefused } from './update-errors';

interface PendingWrite {
	from: Peer;
	/** Whose write it is: the sender's, or a carried packet's author's. */
	writer: string;
	/** The update to store, or null when it changed nothing (still acknowledged in order). */
	row: Uint8Array | null;
	newClients: number[];
	changes: Uint8Array[];
	/**
	 * Per client, the clock the doc reached by applying this update (its own structs, and those of
	 * earlier rows that waited for them). Once it is committed, so is every row before it (FIFO):
	 * that is exactly what its ack may promise.
	 */
	integrated: Map<number, number>;
}

export class Room {
	readonly doc = new Y.Doc();
	readonly peers = new Set<Peer>();
	private readonly presence: RoomPresence;
	readonly awareness: awarenessProtocol.Awareness;
	/** Who may be here and what they may change: asked at admission and for every update. */
	readonly policy: RoomPolicy;
	/** Updates waiting for more of their sender's own data: never applied (held-updates.ts). */
	private readonly held = new HeldUpdates<Peer>();
	/** The stored rows the doc holds, and when they are worth folding into one (held-rows.ts). */
	private readonly rows: HeldRows;
	/** Bytes applied but not yet committed. */
	private pendingBytes = 0;
	/** The commit of the latest update: an update that changed nothing is acked after it. */
	private lastWrite: Promise<unknown> = Promise.resolve();
	/** The commit of the last update that changed the doc (rejects if it failed). */
	private lastCommit: Promise<unknown> = Promise.resolve();
	/** What is on disk, per client: acknowledgements never promise more. */
	private committed = new Map<number, number>();
	private readonly folder: LogFolder;
	private readonly remote: RemoteRows;
	/** Read by the remote side (room-remote.ts); set once, by `destroy`. */
	destroyed = false;
	/** Told after each commit that changed the doc (the directory's indexer, via rooms.ts). */
	private readonly commitListeners = new Set<() => void>();

	private constructor(
		readonly id: string,
		private readonly storage: Storage,
		private readonly log: Logger,
		private readonly maxDocBytes: number,
		private readonly metrics: RelayMetrics | undefined,
		policy: RoomPolicy,
		compactAfterRows: number,
		compactionTurns: CompactionTurns,
		/** The other relay instances that have this room loaded (fanout/). */
		private readonly channel: RoomChannel
	) {
		this.rows = new HeldRows(compactAfterRows);
		this.remote = new RemoteRows(this, this.rows, storage, log, channel !== SINGLE_INSTANCE_ROOM);
		this.folder = new LogFolder(id, this.doc, this.rows, storage, channel, compactionTurns, log);
		this.policy = policy;
		this.presence = new RoomPresence(this.doc, this.peers, channel);
		this.awareness = this.presence.awareness;
	}

	static async load(
		id: string,
		storage: Storage,
		log: Logger,
		maxDocBytes: number,
		metrics?: RelayMetrics,
		openPolicy: PolicyFactory = storedBoardPolicies(storage, log),
		compaction: CompactionSettings = {},
		channel: RoomChannel = SINGLE_INSTANCE_ROOM
	): Promise<Room> {
		const { afterRows = DEFAULT_COMPACT_AFTER_ROWS, turns = new CompactionTurns() } = compaction;
		// The log before the policy's client bindings: a row commits with its bindings, so every
		// client the loaded rows wrote is bound in what is read after them.
		const { updates, seqs } = await storage.loadUpdates(id);
		const policy = await openPolicy(id);
		const room = new Room(
			id,
			storage,
			log,
			maxDocBytes,
			metrics,
			policy,
			afterRows,
			turns,
			channel
		);
		room.rows.loaded(
			seqs,
			updates.map((update) => update.byteLength)
		);
		for (const update of updates) {
			try {
				Y.applyUpdate(room.doc, update);
			} catch (error) {
				// Rows are validated before they are stored, so this means damage on disk; serving the
				// rest beats refusing the whole board.
				log.error({ room: id, err: error }, 'skipping a stored update that does not apply');
			}
		}
		// Rows are stored once they integrate completely, and integrate again in order. Anything left
		// pending (stored by an older relay) was never acknowledged and must never reach anyone.
		if (hasPending(room.doc)) log.warn({ room: id }, 'dropping stored data that never integrated');
		room.doc.store.pendingStructs = room.doc.store.pendingDs = null;
		room.committed = Y.decodeStateVector(Y.encodeStateVector(room.doc));
		room.policy.watch(room.doc, (refusalOf) => room.revoke(refusalOf));
		return room;
	}

	/**
	 * Checks the sender's write scope (the room's policy) and applies the update; resolves once it is committed to
	 * SQLite, which is when the sender may be acknowledged and the other peers get it. Updates that
	 * arrive while a commit is under way share the next one (group commit, in storage.ts).
	 * One that waits only for more of the sender's own data is held, unapplied, and resolves like
	 * one that changed nothing; it is judged again after each of the sender's later updates.
	 * Throws UpdateRefused synchronously, or rejects with it after reading the log again (when
	 * several instances share the room); otherwise the promise rejects only when storage fails.
	 */
	receiveUpdate(update: Uint8Array, from: Peer, mayCatchUp = true): Promise<void> {
		const scope = this.check(update, from);
		if (!scope.ok) {
			if (scope.retryable && this.held.hold(from, update)) return this.apply(update, from, scope);
			// Several instances: this copy may lack what the update builds on (room-remote.ts).
			const caughtUp = mayCatchUp ? this.remote.catchUpBeforeRefusing(scope.reason) : null;
			if (caughtUp) {
				return caughtUp.then(() =>
					this.destroyed ? undefined : this.receiveUpdate(update, from, false)
				);
			}
			throw new UpdateRefused(scope.reason, scope.detail);
		}
		const committed = this.apply(update, from, scope);
		return scope.changes ? this.retryHeld(from, committed) : committed;
	}

	/**
	 * Stores a signed packet's update (handover/) as its author's own write: bound to them, their
	 * row, forwarded to all but the carrier. Judged again with the author as sender: the doc may
	 * have moved while signatures were checked. A refusal is returned: it is not the carrier's.
	 */
	receivePacket(
		update: Uint8Array,
		author: string,
		carrier: Peer
	): Extract<ScopeResult, { ok: false }> | Promise<void> {
		const scope = this.policy.checkUpdate(author, update, this.doc);
		return scope.ok ? this.apply(update, carrier, scope, author) : scope;
	}

	private check(update: Uint8Array, from: Peer): ScopeResult {
		return this.policy.checkUpdate(from.memberId, update, this.doc);
	}

	/** Judges again what `from` holds, now that more of its data is here; resolves after it all. */
	private retryHeld(from: Peer, committed: Promise<void>): Promise<void> {
		this.held.retry(from, (update) => {
			const scope = this.check(update, from);
			if (scope.ok) {
				try {
					committed = this.apply(update, from, scope);
					return 'taken';
				} catch (error) {
					if (!(error instanceof UpdateRefused)) throw error;
				}
			} else if (scope.retryable) return 'waiting';
			// Refused now, judged whole like any update. Its sender was acked without it, and resends
			// what is unacknowledged in its next handshake.
			this.log.warn({ room: this.id, member: from.memberId }, 'dropped a held update');
			return 'dropped';
		});
		return committed;
	}

	/** Applies an update that passed (or only waits for its turn when refused), as `writer`'s. */
	private apply(
		update: Uint8Array,
		from: Peer,
		scope: ScopeResult,
		writer = from.memberId
	): Promise<void> {
		const write: PendingWrite = {
			from,
			writer,
			row: null,
			newClients: [],
			changes: [],
			integrated: new Map()
		};
		if (scope.ok && scope.changes) {
			if (this.rows.size.bytes + this.pendingBytes + update.byteLength > this.maxDocBytes) {
				throw new UpdateRefused('doc-too-large', `board over ${this.maxDocBytes} bytes`);
			}
			// Copy: the frame's buffer would otherwise stay referenced from the doc's binary content.
			write.row = update.slice();
			write.newClients = scope.newClients;
			this.policy.bindWritten(scope.newClients, writer);
			this.pendingBytes += write.row.byteLength;
			// Applied now so the next update is checked against it; nothing is forwarded
			// or acknowledged before the commit.
			const collect = (change: Uint8Array) => write.changes.push(change);
			this.doc.on('update', collect);
			try {
				Y.applyUpdate(this.doc, write.row, from);
			} catch (error) {
				throw new UpdateFailed('update does not apply', { cause: error });
			} finally {
				this.doc.off('update', collect);
			}
			// checkUpdate only passes what integrates completely, so this cannot happen; if it does,
			// nothing of it may be stored or sent: the room is rebuilt from storage (UpdateFailed).
			if (hasPending(this.doc)) {
				this.log.error({ room: this.id }, 'an accepted update left data pending');
				throw new UpdateFailed('update left data pending');
			}
			for (const change of write.changes) {
				for (const [client, clock] of Y.parseUpdateMeta(change).to) {
					write.integrated.set(client, Math.max(clock, write.integrated.get(client) ?? 0));
				}
			}
		}
		// The storage queue is FIFO: updates commit, and their acks resolve, in arrival order.
		const row = write.row;
		const endCommit = this.metrics?.commitSeconds.startTimer();
		const committed =
			row === null
				? this.lastWrite
				: this.storage.append(this.id, row, write.newClients, writer).then((seq) => {
						endCommit?.();
						this.afterCommit({ ...write, row }, seq);
					});
		this.lastWrite = committed.catch(() => {});
		if (row !== null) this.lastCommit = committed;
		return committed.then(
			() => {},
			(error: unknown) => {
				throw new StorageFailed('commit failed', { cause: error });
			}
		);
	}

	/**
	 * Resolves once everything applied to the doc so far is committed; rejects if that commit
	 * fails. Whatever leaves from the doc itself (a sync step 2) waits for it: a client must never
	 * hold another member's update that a crash can still take from the relay, or it hands it to the
	 * restarted relay in its own sync step 2, which is refused (the update is not its to add).
	 */
	whenCommitted(): Promise<unknown> {
		return this.lastCommit;
	}

	/** State vector of what is committed to disk: what acknowledgements promise. */
	committedStateVector(): Uint8Array {
		return encodeStateVectorMap(this.committed);
	}

	private afterCommit(write: PendingWrite & { row: Uint8Array }, seq: number): void {
		this.rows.add(seq, write.row.byteLength);
		this.pendingBytes -= write.row.byteLength;
		this.channel.publish({
			kind: 'row',
			seq,
			writer: write.writer,
			// All the row writes, not just those it bound: a connection binds on its instance alone.
			clients: [...new Set([...write.newClients, ...write.integrated.keys()])],
			update: write.row
		});
		this.metrics?.updatesIn.inc();
		this.metrics?.bytesStored.inc(write.row.byteLength);
		// Not the live doc's clocks: those include updates applied since, whose commit is still under
		// way. A reconnecting client's live edit waits in the doc for its catch-up; when the catch-up
		// arrives during the edit's commit, the doc's clock already covers both, the disk only the edit.
		for (const [client, clock] of write.integrated) {
			if (clock > (this.committed.get(client) ?? 0)) this.committed.set(client, clock);
		}
		this.forward(write);
		if (this.rows.size.foldDue) this.folder.queue();
		for (const listener of this.commitListeners) listener();
	}

	/** What another relay instance announced about this room (fanout/). */
	receiveRemote(message: RoomMessage): void {
		this.remote.receive(message);
	}

	/** Learns the client ids other instances bound: a connection binds on its own instance alone. */
	async readBindingsAgain(): Promise<void> {
		const owners = await this.storage.loadClientOwners(this.id);
		for (const [client, member] of owners) this.policy.bindWritten([client], member);
	}

	/** Reads the log again: announcements from the other instances may have been lost. */
	resync(): Promise<void> {
		return this.remote.resync();
	}

	/** Whether this copy holds every row committed so far, on any instance (room-remote.ts). */
	upToDate(): Promise<boolean> {
		return this.remote.upToDate();
	}

	committedElsewhere(change: Uint8Array): void {
		for (const [client, clock] of Y.parseUpdateMeta(change).to) {
			if (clock > (this.committed.get(client) ?? 0)) this.committed.set(client, clock);
		}
		this.broadcast(messages.syncUpdate(change));
		this.metrics?.updatesOut.inc(this.peers.size);
	}

	/** `listener` must be cheap and must not throw: it runs on the path of an ack. */
	onCommitted(listener: () => void): void {
		this.commitListeners.add(listener);
	}

	/** Sends what an update changed to everyone else in the room. */
	private forward(write: PendingWrite): void {
		if (this.destroyed) return;
		for (const change of write.changes) this.broadcast(messages.syncUpdate(change), write.from);
		this.metrics?.updatesOut.inc(write.changes.length * Math.max(0, this.peers.size - 1));
	}

	/** Folds the stored rows this copy holds into one (room-fold.ts). */
	compact(): Promise<void> {
		return this.folder.fold();
	}

	join(peer: Peer): void {
		this.peers.add(peer);
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		this.held.drop(peer);
		this.presence.leave(peer);
	}

	destroy(): void {
		this.destroyed = true;
		this.folder.stop();
		this.presence.destroy();
		this.doc.destroy();
	}

	/** A removal takes effect at once: the connections it refuses are closed. */
	private revoke(refusalOf: RefusalOf): void {
		for (const peer of [...this.peers]) {
			const refusal = refusalOf(peer);
			if (refusal !== null) peer.close(refusal.code, refusal.reason);
		}
	}

	private broadcast(message: Uint8Array, except?: Peer): void {
		for (const peer of this.peers) if (peer !== except) peer.send(message);
	}
}
