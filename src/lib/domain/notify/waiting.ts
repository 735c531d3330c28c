/**
 * What waits for me on a board: the notices still open (a request I have not answered yet) and
 * those I have not seen since my last visit of the board's "Quoi de neuf".
 *
 * A visit remembers the ids it showed, not only its time: on an offline-first board a neighbour's
 * message written at 10:00 may reach me at 12:00, after a visit at 11:00. Compared by time alone
 * it would count as seen; by id it is new until I have had it in front of me.
 */
import type { Notice } from './notice';

export interface NoticeVisit {
	/** When I last left "Quoi de neuf" (this device's clock, ms). */
	at: number;
	/** The ids of my notices that were there then. */
	seen: readonly string[];
}

export interface Waiting {
	/** Not seen yet, newest first. */
	unseen: Notice[];
	/** Seen already but still waiting for my action, newest first. */
	open: Notice[];
	/** How many notices wait: each counted once, even when both open and unseen. */
	count: number;
}

/** `mine` is `noticesFor(…, me)` (newest first); no visit yet means nothing was seen. */
export function waitingOf(mine: readonly Notice[], visit: NoticeVisit | null): Waiting {
	const seen = new Set(visit?.seen ?? []);
	const unseen = mine.filter((n) => !seen.has(n.id));
	const open = mine.filter((n) => n.open && seen.has(n.id));
	return { unseen, open, count: unseen.length + open.length };
}

/**
 * The visit that sees everything in `mine` at `at`. Ids no longer derived are dropped, so the
 * stored list never outgrows the notices a board still has for me.
 */
export function visitOf(mine: readonly Notice[], at: number): NoticeVisit {
	return { at, seen: mine.map((n) => n.id) };
}
