/**
 * A notice: one thing that happened on a board and concerns one member — a request on their post
 * or space, an answer to theirs, a message in their exchange, a cancellation. The app counts and
 * lists them ("Quoi de neuf"); the relay pushes them to the member's devices. Both derive them
 * with `deriveNotices`, so the phone and the push never disagree on who is concerned.
 *
 * A notice carries words only as codes: the app and the relay say them in their own languages.
 */

export const NOTICE_KINDS = [
	/** Someone asks for the help I offer (an engagement on my offer). */
	'help-request',
	/** Someone proposes to help with what I asked (an engagement on my request). */
	'help-proposal',
	'help-accepted',
	'help-declined',
	/** The other side of an exchange cancelled it. */
	'help-cancelled',
	/** A message in one of my exchanges, from the other side. */
	'help-message',
	/** A guest asks for seats on my slot. */
	'seat-request',
	'seat-confirmed',
	'seat-declined',
	/** The host cancelled my seat, or the whole slot. */
	'seat-cancelled-by-host',
	/** A guest cancelled a confirmed seat or a request on my slot. */
	'seat-cancelled-by-guest'
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
	/**
	 * Stable for one event: derived again tomorrow, on another phone or on the relay, the same
	 * event has the same id, so it is counted, listed and pushed once.
	 */
	id: string;
	kind: NoticeKind;
	boardId: string;
	/** The member it concerns. */
	to: string;
	/** The member who caused it. */
	from: string;
	/** When it happened, by the writer's clock (ms). */
	at: number;
	/** The post's or space's title, for the in-app list only: never put into a push payload. */
	subject: string;
	/** Where a tap leads in the app (already URL-encoded), e.g. `/b/<id>/posts/<key>`. */
	path: string;
	/**
	 * It still waits for the member to act (a request not yet answered): counted as waiting even
	 * after it was seen.
	 */
	open: boolean;
}

/** A reminder before a confirmed coworking slot, for the guest and for the host. */
export interface Reminder {
	/** Stable: `reminder:<booking key>` for a guest, `reminder-host:<slot key>` for a host. */
	id: string;
	boardId: string;
	to: string;
	role: 'guest' | 'host';
	slotKey: string;
	/** The slot's start (ms): the reminder is due at `start - lead`, the member's lead time. */
	start: number;
	path: string;
}

/** How long before a confirmed slot the reminder comes, unless the member chose otherwise. */
export const DEFAULT_REMINDER_LEAD_MS = 3 * 60 * 60 * 1000;
/** The lead times a member may choose (settings): 30 min to one day. */
export const REMINDER_LEAD_CHOICES_MS = [30, 60, 180, 720, 1440].map((min) => min * 60 * 1000);

export function postPath(boardId: string, postKey: string): string {
	return `/b/${encodeURIComponent(boardId)}/posts/${encodeURIComponent(postKey)}`;
}

export function spacePath(boardId: string, spaceKey: string): string {
	return `/b/${encodeURIComponent(boardId)}/spaces/${encodeURIComponent(spaceKey)}`;
}
