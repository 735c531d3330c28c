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
	private readonly logError: RateLimitedLog;

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
		this.pending.delete(roomId);
		// A doc that may be damaged keeps the row derived from it before.
		if (intact) this.reindex(roomId, doc);
		this.known.delete(roomId);
	}

	/** Stops the timers (the rooms' unloading indexes what they hold). */
	close(): void {
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
		const stored = this.known.has(roomId)
			? this.known.get(roomId)
			: this.index.storedFingerprint(roomId);
		if (fingerprint === stored) {
			this.known.set(roomId, stored);
			return;
		}
		this.known.set(roomId, fingerprint);
		const written = row === null ? this.index.remove(roomId) : this.index.put(row, this.now());
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
