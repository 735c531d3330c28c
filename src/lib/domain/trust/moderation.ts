/**
 * Moderation marks: records admins write under their own id, which every view — and the relay —
 * honours. The board's creator is its first admin; admins promote admins, remove members, vouch
 * for helpers and hide posts or ratings. A mark by anyone who is not an admin is ignored.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { readBoard } from '../board/read';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { NotAuthorError } from '../errors';
import { memberIdShape, text, time } from '../fields';
import { hashId, parseRecordKey, randomId, recordKey } from '../ids';

/** `key`: a post or rating key is far shorter; the cap only bounds what a hostile mark costs. */
export const MODERATION_LIMITS = { reason: 300, key: 100 } as const;

const reason = v.optional(text(MODERATION_LIMITS.reason), '');

const ModerationRecord = v.variant('action', [
	v.looseObject({
		action: v.literal('remove-member'),
		memberId: memberIdShape,
		reason,
		at: time
	}),
	v.looseObject({ action: v.literal('promote-admin'), memberId: memberIdShape, at: time }),
	// Vouches and hides are toggled: one record per admin and target, `active` says which way.
	v.looseObject({
		action: v.literal('vouch'),
		memberId: memberIdShape,
		active: v.boolean(),
		at: time
	}),
	v.looseObject({
		action: v.literal('hide'),
		collection: v.picklist(['posts', 'ratings']),
		key: text(MODERATION_LIMITS.key),
		active: v.boolean(),
		reason,
		at: time
	})
]);
type Mark = v.InferOutput<typeof ModerationRecord>;

export interface Vouch {
	by: string;
	at: number;
}

export interface HiddenMark {
	by: string;
	reason: string;
	at: number;
}

export interface Moderation {
	admins: Set<string>;
	/** Members removed by an admin: their records are hidden and the relay refuses them. */
	removed: Set<string>;
	/** Vetted helpers: who vouched for them, and when. */
	vouches: Map<string, Vouch[]>;
	/** Hidden posts and ratings by `<collection>/<key>`; still shown to their author. */
	hidden: Map<string, HiddenMark>;
}

/** Before the doc is read: no admin, nothing marked. */
export const NO_MODERATION: Moderation = {
	admins: new Set(),
	removed: new Set(),
	vouches: new Map(),
	hidden: new Map()
};

const targetId = (collectionName: string, key: string) => `${collectionName}/${key}`;

/** Reads every mark once; admin rights flow from the creator through promotions. */
export function readModeration(doc: Y.Doc, boardId: string): Moderation {
	const board = readBoard(doc, boardId);
	const marks: { author: string; mark: Mark }[] = [];
	collection(doc, ROOT.moderation).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		const result = v.safeParse(ModerationRecord, raw);
		if (author && result.success) marks.push({ author, mark: result.output });
	});
	const admins = new Set<string>(board ? [board.creatorId] : []);
	// Promotions by promoted admins count too: repeat until nothing new (a chain is short).
	for (let grew = true; grew;) {
		grew = false;
		for (const { author, mark } of marks) {
			if (mark.action === 'promote-admin' && admins.has(author) && !admins.has(mark.memberId)) {
				admins.add(mark.memberId);
				grew = true;
			}
		}
	}
	const removed = new Set<string>();
	const vouches = new Map<string, Vouch[]>();
	const hidden = new Map<string, HiddenMark>();
	const latestHide = new Map<string, HiddenMark & { active: boolean }>();
	for (const { author, mark } of marks) {
		if (!admins.has(author)) continue;
		if (mark.action === 'remove-member' && !admins.has(mark.memberId)) removed.add(mark.memberId);
		if (mark.action === 'vouch' && mark.active) {
			const list = vouches.get(mark.memberId) ?? [];
			list.push({ by: author, at: mark.at });
			vouches.set(
				mark.memberId,
				list.sort((a, b) => a.at - b.at || (a.by < b.by ? -1 : 1))
			);
		}
		if (mark.action === 'hide') {
			// The latest mark by any admin decides, so one admin can show what another hid.
			const id = targetId(mark.collection, mark.key);
			const previous = latestHide.get(id);
			const later =
				!previous || mark.at > previous.at || (mark.at === previous.at && author > previous.by);
			if (later)
				latestHide.set(id, { by: author, reason: mark.reason, at: mark.at, active: mark.active });
		}
	}
	for (const [id, mark] of latestHide) {
		if (mark.active) hidden.set(id, { by: mark.by, reason: mark.reason, at: mark.at });
	}
	for (const id of removed) vouches.delete(id);
	return { admins, removed, vouches, hidden };
}

export function adminsOf(doc: Y.Doc, boardId: string): Set<string> {
	return readModeration(doc, boardId).admins;
}

/** Members removed by an admin of this board. Admins themselves cannot be removed. */
export function readRemovedMembers(doc: Y.Doc, boardId: string): Set<string> {
	return readModeration(doc, boardId).removed;
}

export function isHidden(moderation: Moderation, collectionName: string, key: string): boolean {
	return moderation.hidden.has(targetId(collectionName, key));
}

export function hiddenMark(
	moderation: Moderation,
	collectionName: string,
	key: string
): HiddenMark | null {
	return moderation.hidden.get(targetId(collectionName, key)) ?? null;
}

function requireAdmin(doc: Y.Doc, boardId: string, adminId: string): void {
	if (!adminsOf(doc, boardId).has(adminId)) throw new NotAuthorError(`${boardId}/moderation`);
}

function write(doc: Y.Doc, key: string, mark: Mark, origin: unknown): void {
	doc.transact(() => {
		collection(doc, ROOT.moderation).set(key, { schemaVersion: SCHEMA_VERSION, ...mark });
	}, origin);
}

export function removeMember(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	memberId: string,
	reason: string,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	const mark: Mark = { action: 'remove-member', memberId, reason, at: now };
	write(doc, recordKey(adminId, randomId()), mark, origin);
}

export function promoteAdmin(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	memberId: string,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	const mark: Mark = { action: 'promote-admin', memberId, at: now };
	write(doc, recordKey(adminId, `p${memberId}`), mark, origin);
}

/** Vouches for a helper (or withdraws the vouch): one toggled record per admin and member. */
export function setVouch(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	memberId: string,
	active: boolean,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	const mark: Mark = { action: 'vouch', memberId, active, at: now };
	write(doc, recordKey(adminId, `v${memberId}`), mark, origin);
}

/** Hides a post or a rating from everyone but its author, with a reason (or shows it again). */
export function setHidden(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	target: { collection: 'posts' | 'ratings'; key: string },
	active: boolean,
	reason: string,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	const mark: Mark = { action: 'hide', ...target, active, reason: reason.trim(), at: now };
	write(
		doc,
		recordKey(adminId, `h${hashId(targetId(target.collection, target.key))}`),
		mark,
		origin
	);
}
