/**
 * Keeps the directory index current: a board's public summary is derived again `delayMs` after
 * the last commit that changed it (so a burst of edits costs one derivation, never on the path of
 * an ack), and once more when the board leaves memory. A derivation that changes nothing writes
 * nothing; a private board has no row. A doc that makes the derivation throw is logged and left
 * as it was indexed: it never takes the relay down.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { deriveDirectorySummary } from '../../src/lib/domain/directory/summary';
import { readVisibility } from '../../src/lib/domain/directory/visibility';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { RoomWatcher } from '../rooms';
import type { DirectoryIndex } from './directory-index';
import * as gazetteer from './gazetteer';
import { fingerprintOf, indexRow, type IndexRow } from './index-row';

/**
 * A board edited without pause is still re-indexed this many delays after its first unindexed
 * change: debouncing alone would leave it stale for as long as someone types.
 */
const MAX_WAIT_DELAYS = 5;

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
	private readonly logError: RateLimitedLog;
	private closed = false;

	constructor(
		private readonly index: DirectoryIndex,
		private readonly delayMs: number,
		log: Logger,
		private readonly now: () => number = Date.now
	) {
		this.logError = rateLimitedLog(log, 'error');
	}

	committed(roomId: string, doc: Y.Doc): void {
		const previous = this.pending.get(roomId);
		if (previous) clearTimeout(previous.timer);
		// After the ack that follows this commit: the note may need to read the index.
		else setImmediate(() => this.markDirty(roomId));
		const now = this.now();
		const since = previous?.since ?? now;
		const wait = Math.max(0, Math.min(this.delayMs, since + MAX_WAIT_DELAYS * this.delayMs - now));
		const timer = setTimeout(() => {
			this.pending.delete(roomId);
			this.reindex(roomId, doc);
		}, wait);
		timer.unref();
		this.pending.set(roomId, { timer, since });
	}

	unloading(roomId: string, doc: Y.Doc, intact: boolean): void {
		const pending = this.pending.get(roomId);
		if (pending) clearTimeout(pending.timer);
		// A doc that may be damaged keeps the row derived from it before, noted as due if it changed.
		if (!intact && pending) this.markDirty(roomId);
		this.pending.delete(roomId);
		if (intact) this.reindex(roomId, doc);
		this.known.delete(roomId);
	}

	/**
	 * Indexes again, one at a time and between other work, the boards a previous run left dirty
	 * (killed within a delay of their change), each from a doc built for it and dropped after.
	 */
	recover(loadDoc: (roomId: string) => Y.Doc): void {
		const rooms = this.index.dirtyRooms();
		const next = () => {
			const roomId = rooms.shift();
			if (roomId === undefined) return;
			if (!this.pending.has(roomId)) {
				let doc: Y.Doc | undefined;
				try {
					doc = loadDoc(roomId);
					this.dirty.add(roomId);
					this.reindex(roomId, doc);
				} catch (error) {
					this.logError('directory-recover', { room: roomId, err: error }, 'cannot re-index');
				} finally {
					doc?.destroy();
					this.known.delete(roomId);
				}
			}
			setImmediate(next);
		};
		setImmediate(next);
	}

	/**
	 * A board with a row changed: noted on disk, so that a crash before its re-indexing cannot
	 * leave it listed as it was (made private, say). A board without a row needs no note: the
	 * worst a crash does to it is to list it later.
	 */
	private markDirty(roomId: string): void {
		// Not pending any more: re-indexed (or unloaded) already, nothing to note.
		if (this.closed || this.dirty.has(roomId) || !this.pending.has(roomId)) return;
		const stored = this.storedFingerprintOf(roomId);
		if (stored === null) return;
		this.dirty.add(roomId);
		this.index.markDirty(roomId).catch((error: unknown) => {
			this.dirty.delete(roomId);
			this.logError('directory-write', { room: roomId, err: error }, 'cannot mark a board');
		});
	}

	private storedFingerprintOf(roomId: string): string | null {
		const known = this.known.get(roomId);
		if (known !== undefined) return known;
		const stored = this.index.storedFingerprint(roomId);
		this.known.set(roomId, stored);
		return stored;
	}

	/** Stops the timers (the rooms' unloading indexes what they hold). */
	close(): void {
		this.closed = true;
		for (const { timer } of this.pending.values()) clearTimeout(timer);
		this.pending.clear();
	}

	private reindex(roomId: string, doc: Y.Doc): void {
		let row: IndexRow | null;
		try {
			row = this.derive(roomId, doc);
		} catch (error) {
			this.logError('directory-derive', { room: roomId, err: error }, 'cannot index a board');
			return;
		}
		const fingerprint = row === null ? null : fingerprintOf(row);
		const wasDirty = this.dirty.delete(roomId);
		if (fingerprint === this.storedFingerprintOf(roomId)) {
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

	private derive(roomId: string, doc: Y.Doc): IndexRow | null {
		const summary = deriveDirectorySummary(doc, roomId, this.now());
		if (summary === null) return null;
		const chosen = summary.placeId === null ? null : gazetteer.byId(summary.placeId);
		const place = chosen ?? gazetteer.matchCity(summary.city);
		const secret = summary.visibility === 'open' ? readVisibility(doc, roomId).inviteSecret : null;
		return indexRow(summary, place, secret);
	}
}
