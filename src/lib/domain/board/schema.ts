/**
 * Root keys of a board's Y.Doc. Each is a top-level Y.Map of plain JSON records keyed
 * `<authorId>:<recordId>`; a record is replaced whole by its author (last writer wins, and only one
 * writer exists per key), which keeps merges predictable without conflict dialogs.
 */
import type * as Y from 'yjs';

export const SCHEMA_VERSION = 1;

export const ROOT = {
	board: 'board',
	members: 'members',
	posts: 'posts',
	moderation: 'moderation',
	/** Cowork: hosts' spaces and slots, guests' requests, hosts' per-device decisions. */
	spaces: 'spaces',
	slots: 'slots',
	bookings: 'bookings',
	rosters: 'rosters',
	/** Mutual aid: a neighbour's proposal on a post, the author's answer, their comment thread. */
	engagements: 'engagements',
	responses: 'responses',
	comments: 'comments',
	/** Trust: signed ratings after a service, reports to admins, each member's block list. */
	ratings: 'ratings',
	reports: 'reports',
	blocks: 'blocks',
	/** Prices: the helper's or host's "réglé" on an engagement or a booking. */
	settlements: 'settlements',
	/** At the door (issue 18): each side's "arrivé" on a booking, "service rendu" on an engagement. */
	checkins: 'checkins'
} as const;

export type RootName = (typeof ROOT)[keyof typeof ROOT];

/** Records are plain objects; unknown fields written by newer clients are kept on edit. */
export type RawRecord = Record<string, unknown>;

export function collection(doc: Y.Doc, name: RootName): Y.Map<unknown> {
	return doc.getMap(name);
}

/** The board's own description record lives under the creator's id with this record id. */
export const BOARD_RECORD_ID = 'board';
/** Each member's profile lives under their id with this record id. */
export const PROFILE_RECORD_ID = 'profile';
