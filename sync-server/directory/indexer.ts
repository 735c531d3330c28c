/**
 * Keeps the directory index current: a board's public summary is derived again `delayMs` after
 * the last commit that changed it (so a burst of edits costs one derivation, never on the path of
 * an ack), and once more when the board leaves memory. A derivation that changes nothing writes
 * nothing; a private board has no row. A doc that makes the derivation throw is logged and left
 * as it was indexed: it never takes the relay down.
 *
 * The summary is read from the doc at once (an unloading doc is destroyed right after); its place
 * comes from the gazetteer's worker, asynchronously, and the row is written when it answers. A
 * gazetteer that cannot answer leaves the place null (the board shows its city as typed) until
 * the board's next change.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import {
	deriveDirectorySummary,
	type DirectorySummary
} from '../../src/lib/domain/directory/summary';
import { readVisibility } from '../../src/lib/domain/directory/visibility';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { RoomWatcher } from '../rooms';
import type { DirectoryIndex } from './directory-index';
import type { Places } from './gazetteer-client';
import { fingerprintOf, indexRow, type IndexRow } from './index-row';
import type { Place } from './place';
import { waitAtMost } from '../wait-at-most';

/**
 * A board edited without pause is still re-indexed this many delays after its first unindexed
 * change: debouncing alone would leave it stale for as long as someone types.
 */
const MAX_WAIT_DELAYS = 5;
/**
 * At shutdown, how long rows still waiting for their place may hold the storage open: with the
 * clients' 2 s grace, within main.ts's 5 s deadline. A row not written then is covered by its
 * board's dirty note, if it had a row, and indexed at the next start.
 */
const CLOSE_WAIT_MS = 2000;

interface Pending {
	timer: NodeJS.Timeout;
	since: number;
}

export class DirectoryIndexer implements RoomWatcher {
	private readonly pending = new Map<string, Pending>();
	/** Per loaded board, the fingerprint of its stored row (null: none), to skip idle writes. */
	private readonly known = new Map<string, string | null>();
	/** Boards whose dirty note (directory_dirty) this process wrote or found, until re-indexed. */
	private readonly dirty = new Set<string>();
	/** Per board, the latest derivation still waiting for its place: an older one writes nothing. */
	private readonly latest = new Map<string, symbol>();
	/** Derivations waiting for their place. */
	private readonly placing = new Set<Promise<void>>();
	private readonly logError: RateLimitedLog;
	private readonly logWarning: RateLimitedLog;
	private closed = false;
	/** Past close(): a place answering now finds the storage closed, and writes nothing. */
	private stopped = false;

	constructor(
		private readonly index: DirectoryIndex,
		private readonly places: Pick<Places, 'byId' | 'matchCity'>,
		private readonly delayMs: number,
		log: Logger,
		private readonly now: () => number = Date.now
	) {
		this.logError = rateLimitedLog(log, 'error');
		this.logWarning = rateLimitedLog(log, 'warn');
	}

	committed(roomId: string, doc: Y.Doc): void {
		const previous = this.pending.get(roomId);
		if (previous) clearTimeout(previous.timer);
		// After the ack that follows this commit: the note may need to read the index.
		else setImmediate(() => void this.markDirty(roomId));
		const now = this.now();
		const since = previous?.since ?? now;
		const wait = Math.max(0, Math.min(this.delayMs, since + MAX_WAIT_DELAYS * this.delayMs - now));
		const timer = setTimeout(() => {
			this.pending.delete(roomId);
			void this.reindex(roomId, doc, false);
		}, wait);
		timer.unref();
		this.pending.set(roomId, { timer, since });
	}

	unloading(roomId: string, doc: Y.Doc, intact: boolean): void {
		const pending = this.pending.get(roomId);
		if (pending) clearTimeout(pending.timer);
		// A doc that may be damaged keeps the row derived from it before, noted as due if it changed.
		if (!intact && pending) void this.markDirty(roomId);
		this.pending.delete(roomId);
		if (intact) void this.reindex(roomId, doc, true);
		else this.known.delete(roomId);
	}

	/**
	 * Indexes again, one at a time and between other work, the boards a previous run left dirty
	 * (killed within a delay of their change), each from a doc built for it and dropped after.
	 */
	recover(loadDoc: (roomId: string) => Promise<Y.Doc>): void {
		let rooms: string[] = [];
		const next = async () => {
			const roomId = rooms.shift();
			if (roomId === undefined || this.closed) return;
			if (!this.pending.has(roomId)) {
				let doc: Y.Doc | undefined;
				let indexed: Promise<void> | undefined;
				try {
					doc = await loadDoc(roomId);
					this.dirty.add(roomId);
					indexed = this.reindex(roomId, doc, true);
				} catch (error) {
					this.logError('directory-recover', { room: roomId, err: error }, 'cannot re-index');
				} finally {
					doc?.destroy();
				}
				// One board's place at a time: thousands of dirty boards never flood the gazetteer.
				await indexed;
			}
			setImmediate(() => void next());
		};
		this.index.dirtyRooms().then(
			(dirty) => {
				rooms = dirty;
				setImmediate(() => void next());
			},
			(error: unknown) => this.logError('directory-recover', { err: error }, 'cannot re-index')
		);
	}

	/**
	 * A board with a row changed: noted on disk, so that a crash before its re-indexing cannot
	 * leave it listed as it was (made private, say). A board without a row needs no note: the
	 * worst a crash does to it is to list it later.
	 */
	private async markDirty(roomId: string): Promise<void> {
		// Not pending any more: re-indexed (or unloaded) already, nothing to note.
		if (this.closed || this.dirty.has(roomId) || !this.pending.has(roomId)) return;
		try {
			const stored = await this.storedFingerprintOf(roomId);
			// Re-indexed while this read ran: a note now costs one needless re-index at the next
			// start, a missing one could leave the board listed as it was.
			if (stored === null || this.closed || this.dirty.has(roomId)) return;
			this.dirty.add(roomId);
			await this.index.markDirty(roomId);
		} catch (error) {
			this.dirty.delete(roomId);
			this.logError('directory-write', { room: roomId, err: error }, 'cannot mark a board');
		}
	}

	private async storedFingerprintOf(roomId: string): Promise<string | null> {
		const known = this.known.get(roomId);
		if (known !== undefined) return known;
		const stored = await this.index.storedFingerprint(roomId);
		// A write that landed while this read ran knows better.
		if (!this.known.has(roomId)) this.known.set(roomId, stored);
		return this.known.get(roomId) ?? null;
	}

	/**
	 * Stops the timers, then waits (a few seconds at most) for the rows still waiting for their
	 * place: the rooms' unloading, just before, indexed what they hold. Call before closing the
	 * storage.
	 */
	async close(): Promise<void> {
		this.closed = true;
		for (const { timer } of this.pending.values()) clearTimeout(timer);
		this.pending.clear();
		await waitAtMost(this.idle(), CLOSE_WAIT_MS);
		this.stopped = true;
	}

	/** Resolves once every derivation started so far has written its row (or found no change). */
	async idle(): Promise<void> {
		while (this.placing.size > 0) await Promise.all(this.placing);
	}

	/**
	 * Reads the board's summary now, writes its row once the gazetteer placed it. `unloaded`: the
	 * board leaves memory, forget what is stored for it once written.
	 */
	private reindex(roomId: string, doc: Y.Doc, unloaded: boolean): Promise<void> {
		let summary: DirectorySummary | null;
		let secret: string | null = null;
		try {
			summary = deriveDirectorySummary(doc, roomId, this.now());
			if (summary?.visibility === 'open') secret = readVisibility(doc, roomId).inviteSecret;
		} catch (error) {
			this.logError('directory-derive', { room: roomId, err: error }, 'cannot index a board');
			if (unloaded) this.known.delete(roomId);
			return Promise.resolve();
		}
		const ticket = Symbol(roomId);
		this.latest.set(roomId, ticket);
		const placed = (summary === null ? Promise.resolve(null) : this.placeOf(roomId, summary)).then(
			async (place) => {
				if (this.latest.get(roomId) !== ticket || this.stopped) return;
				this.latest.delete(roomId);
				try {
					await this.store(roomId, summary === null ? null : indexRow(summary, place, secret));
				} catch (error) {
					// Off any caller's stack now: a throw here would be an unhandled rejection.
					this.known.delete(roomId);
					this.logError('directory-write', { room: roomId, err: error }, 'cannot index a board');
				}
				// Changed again while the place was asked: that write cleared the new burst's note.
				if (this.pending.has(roomId)) void this.markDirty(roomId);
				if (unloaded) this.known.delete(roomId);
			}
		);
		this.placing.add(placed);
		return placed.finally(() => this.placing.delete(placed));
	}

	/** The admins' chosen place, else the typed city's; null when the gazetteer cannot answer. */
	private async placeOf(roomId: string, summary: DirectorySummary): Promise<Place | null> {
		try {
			const chosen = summary.placeId === null ? null : await this.places.byId(summary.placeId);
			return chosen ?? (await this.places.matchCity(summary.city));
		} catch (error) {
			this.logWarning('directory-place', { room: roomId, err: error }, 'indexed without place');
			return null;
		}
	}

	private async store(roomId: string, row: IndexRow | null): Promise<void> {
		const fingerprint = row === null ? null : fingerprintOf(row);
		const wasDirty = this.dirty.delete(roomId);
		if (fingerprint === (await this.storedFingerprintOf(roomId))) {
			if (wasDirty) this.write(roomId, this.index.clearDirty(roomId));
			return;
		}
		this.known.set(roomId, fingerprint);
		// Both clear the board's dirty note in the same transaction.
		this.write(roomId, row === null ? this.index.remove(roomId) : this.index.put(row, this.now()));
	}

	private write(roomId: string, written: Promise<void>): void {
		written.catch((error: unknown) => {
			// Forget what we thought was stored: the next derivation writes again.
			this.known.delete(roomId);
			this.logError('directory-write', { room: roomId, err: error }, 'cannot write the index');
		});
	}
}
