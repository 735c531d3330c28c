/**
 * Named invite links (issue 17): each has its own secret, and the room token derived from it
 * opens the board's room while its link is live. An admin writes one record per link under their
 * own key in the moderation root, as for every mark: its name, the SHA-256 hex of its room token
 * (what the relay compares; never the secret), an optional expiry and use count, and when it was
 * revoked. Any current admin may revoke any link, the board's first one included, with a
 * revocation mark of their own. Records and marks of anyone who is not an admin now are ignored,
 * on every replica and on the relay.
 *
 * A link only lets people *in*: whoever joined with it is a member, known by their keys, and
 * keeps their access when the link is revoked (the relay decides that, not this file).
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from './schema';
import { NotAuthorError, ValidationError, type FieldErrors } from '../errors';
import { text, time } from '../fields';
import { ID_RE, isId, parseRecordKey, recordKey } from '../ids';
import { cleanText } from '../text';
import { adminsOf } from '../trust/moderation';

/** A name says where the link went ("Affiche de la boulangerie"): a line, not a note. */
export const INVITE_LINK_LIMITS = { name: 60, maxUses: 10_000 } as const;

const TOKEN_HASH_RE = /^[0-9a-f]{64}$/;
const tokenHash = v.pipe(v.string(), v.regex(TOKEN_HASH_RE));

const LinkRecord = v.looseObject({
	action: v.literal('invite-link'),
	linkId: v.pipe(v.string(), v.regex(ID_RE)),
	name: text(INVITE_LINK_LIMITS.name),
	tokenHash,
	expiresAt: v.nullish(time, null),
	maxUses: v.nullish(
		v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(INVITE_LINK_LIMITS.maxUses)),
		null
	),
	revokedAt: v.nullish(time, null),
	at: time
});

const RevokeMark = v.looseObject({ action: v.literal('invite-revoke'), tokenHash, at: time });

export interface InviteLink {
	linkId: string;
	name: string;
	tokenHash: string;
	expiresAt: number | null;
	maxUses: number | null;
	/** The earliest revocation by a current admin (on the record or by a mark), or null. */
	revokedAt: number | null;
	/** The admin who made it, and when. */
	by: string;
	at: number;
}

export interface InviteLinks {
	/** Links made by current admins, oldest first. */
	links: InviteLink[];
	/** Every revoked token hash, with its links' and the board's first link's: when. */
	revoked: Map<string, number>;
}

const earliest = (a: number | undefined, b: number) => (a === undefined ? b : Math.min(a, b));

export function readInviteLinks(
	doc: Y.Doc,
	boardId: string,
	admins: ReadonlySet<string> = adminsOf(doc, boardId)
): InviteLinks {
	const links: InviteLink[] = [];
	const revoked = new Map<string, number>();
	collection(doc, ROOT.moderation).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		if (!author || !admins.has(author)) return;
		const link = v.safeParse(LinkRecord, raw);
		if (link.success) {
			const { linkId, name, tokenHash, expiresAt, maxUses, revokedAt, at } = link.output;
			links.push({ linkId, name, tokenHash, expiresAt, maxUses, revokedAt, by: author, at });
			if (revokedAt !== null) revoked.set(tokenHash, earliest(revoked.get(tokenHash), revokedAt));
			return;
		}
		const mark = v.safeParse(RevokeMark, raw);
		if (mark.success) {
			const { tokenHash, at } = mark.output;
			revoked.set(tokenHash, earliest(revoked.get(tokenHash), at));
		}
	});
	for (const link of links) link.revokedAt = revoked.get(link.tokenHash) ?? null;
	links.sort((a, b) => a.at - b.at || (a.linkId < b.linkId ? -1 : 1));
	return { links, revoked };
}

/**
 * What a token with this hash may still do: `live` lets new members in, `revoked`, `expired` and
 * `used-up` only members already known, `unknown` is no link of this board's (the board's first
 * token is the relay's business: it has no record until it is revoked).
 */
export type LinkStanding = 'live' | 'revoked' | 'expired' | 'used-up' | 'unknown';

export function linkStanding(
	state: InviteLinks,
	hash: string,
	uses: number,
	now: number
): LinkStanding {
	if (state.revoked.has(hash)) return 'revoked';
	// Two records for one hash cannot come from an honest admin; the most permissive one counts.
	const records = state.links.filter((link) => link.tokenHash === hash);
	if (records.length === 0) return 'unknown';
	const unexpired = records.filter((link) => link.expiresAt === null || now < link.expiresAt);
	if (unexpired.length === 0) return 'expired';
	return unexpired.some((link) => link.maxUses === null || uses < link.maxUses)
		? 'live'
		: 'used-up';
}

export interface InviteLinkInput {
	name: string;
	expiresAt: number | null;
	maxUses: number | null;
}

function requireAdmin(doc: Y.Doc, boardId: string, adminId: string): void {
	if (!adminsOf(doc, boardId).has(adminId)) throw new NotAuthorError(`${boardId}/invites`);
}

/** Errors: `name` (required/tooLong), `expiresAt` (past), `maxUses` (invalid). */
export function validateInviteLinkInput(input: InviteLinkInput, now: number): InviteLinkInput {
	const errors: FieldErrors = {};
	const name = cleanText(
		input.name,
		'name',
		{ required: true, max: INVITE_LINK_LIMITS.name },
		errors
	);
	if (input.expiresAt !== null && !(input.expiresAt > now)) errors.expiresAt = 'past';
	const uses = input.maxUses;
	if (uses !== null && !(Number.isInteger(uses) && uses >= 1 && uses <= INVITE_LINK_LIMITS.maxUses))
		errors.maxUses = 'invalid';
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return { name, expiresAt: input.expiresAt, maxUses: uses };
}

/** Writes a new link's record; `hash` is its room token's SHA-256 hex (sync/room-token.ts). */
export function createInviteLink(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	link: { linkId: string; tokenHash: string } & InviteLinkInput,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	const clean = validateInviteLinkInput(link, now);
	if (!isId(link.linkId) || !TOKEN_HASH_RE.test(link.tokenHash)) {
		throw new ValidationError({ linkId: 'invalid' });
	}
	doc.transact(() => {
		collection(doc, ROOT.moderation).set(recordKey(adminId, `i${link.linkId}`), {
			schemaVersion: SCHEMA_VERSION,
			action: 'invite-link',
			linkId: link.linkId,
			tokenHash: link.tokenHash,
			...clean,
			revokedAt: null,
			at: now
		});
	}, origin);
}

/**
 * Revokes the link whose token hashes to `hash`: on the admin's own record when they made it,
 * otherwise (another admin's link, or the board's first link) with a revocation mark of theirs.
 */
export function revokeInviteLink(
	doc: Y.Doc,
	boardId: string,
	adminId: string,
	hash: string,
	now: number,
	origin?: unknown
): void {
	requireAdmin(doc, boardId, adminId);
	if (!TOKEN_HASH_RE.test(hash)) throw new ValidationError({ tokenHash: 'invalid' });
	const moderation = collection(doc, ROOT.moderation);
	const own = [...moderation.entries()].find(([key, raw]) => {
		if (parseRecordKey(key)?.authorId !== adminId) return false;
		const link = v.safeParse(LinkRecord, raw);
		return link.success && link.output.tokenHash === hash;
	});
	doc.transact(() => {
		if (own) {
			const [key, raw] = own;
			moderation.set(key, { ...(raw as object), revokedAt: now });
			return;
		}
		moderation.set(recordKey(adminId, `r${hash.slice(0, 22)}`), {
			schemaVersion: SCHEMA_VERSION,
			action: 'invite-revoke',
			tokenHash: hash,
			at: now
		});
	}, origin);
}
