/**
 * The first sync of a board imported from a file (issue 18). Until then the board shows what the
 * file holds, marked as not confirmed (`StoredBoard.unconfirmed`), and its doc never reaches the
 * relay; its session fetches the relay's state on the side (session.svelte.ts). Once that state
 * arrived, the board is rebuilt from it plus my own changes from the file (sync/trusted-import.ts),
 * stored in place of the imported copy, and opened afresh: from then on it is an ordinary board,
 * and the normal sync sends the relay what of mine it lacks.
 *
 * A crash half-way loses nothing: the stored copy is replaced in one IndexedDB transaction, and
 * the mark is cleared only after that, so an interrupted rebuild is simply done again (the same
 * inputs give the same board).
 */
import { getBoard, markConfirmed } from '$lib/persistence/board-store';
import { replaceBoardState } from '$lib/persistence/board-doc';
import type { QuartierDb, StoredBoard } from '$lib/persistence/db';
import type { BoardSession } from './board/session.svelte';

export interface ConfirmationHost {
	db: QuartierDb;
	/** Opens the board again in place of `closed`, from its record as stored now. */
	reopen(closed: BoardSession, stored: StoredBoard): void;
	reportError(error: unknown): void;
}

export class ImportConfirmations {
	/**
	 * Boards whose rebuild failed in this run (storage refused): they stay marked and are not
	 * tried again until the app starts again, so a full disk does not loop on every reconnect.
	 */
	private readonly failed = new Set<string>();

	constructor(private readonly host: ConfirmationHost) {}

	/** The session's `onRelayState`: rebuilds the board, then reopens it. */
	readonly confirm = (session: BoardSession, relayState: Uint8Array): void => {
		if (this.failed.has(session.id)) return;
		this.rebuild(session, relayState).catch(this.host.reportError);
	};

	private async rebuild(session: BoardSession, relayState: Uint8Array): Promise<void> {
		const { db } = this.host;
		// Loaded only here: the write-scope code stays out of every page's first load.
		const { trustedImport } = await import('$lib/sync/trusted-import');
		// Closed while it loaded: still marked, rebuilt at the board's next open.
		if (!session.loaded) return;
		// From reading the imported doc to closing it in one synchronous step: no edit of mine can
		// land in between and be lost.
		const result = trustedImport(relayState, session.exportState(), session.memberId);
		const closing = session.destroy();
		try {
			await closing;
			await replaceBoardState(session.id, result.update);
		} catch (error) {
			this.failed.add(session.id);
			// The imported copy is still stored and still marked: show it again.
			const stored = await getBoard(db, session.id);
			if (stored) this.host.reopen(session, stored);
			throw error;
		}
		// Counted, not shown: a forged file is not the person's error, and what was dropped was
		// never on the relay.
		console.info(
			`import of board ${session.id} confirmed by the relay: ${result.unconfirmed} client id(s) ` +
				`of the file not kept; of mine, ${result.kept.length} kept, ${result.dropped.length} dropped`,
			result.dropped
		);
		const stored = await markConfirmed(db, session.id);
		if (stored) this.host.reopen(session, stored);
	}
}
