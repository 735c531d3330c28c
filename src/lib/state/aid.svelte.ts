/**
 * Mutual aid and trust on one open board (issue 4): engagements on posts and their threads,
 * signed ratings and reputations, admins' marks, reports and block lists. BoardSession owns one
 * of these, feeds it the doc's changes, and pages read `snapshot`.
 */
import type * as Y from 'yjs';
import * as moderation from '$lib/domain/trust/moderation';
import type { InvalidRecord } from '$lib/domain/board/types';
import type { MemberProfile } from '$lib/domain/members/types';
import * as engagements from '$lib/domain/engagement/commands';
import { readComments, readEngagements } from '$lib/domain/engagement/read';
import type { Comment, ContactDetails, Engagement } from '$lib/domain/engagement/types';
import { NotAuthorError, NotFoundError, RuleError, ValidationError } from '$lib/domain/errors';
import * as help from '$lib/domain/help/commands';
import { validateContact } from '$lib/domain/help/contact';
import type { HelpPost } from '$lib/domain/help/types';
import { isSealedToExactly, openSet, sealToAll, type SealedSet } from '$lib/domain/identity/sealed';
import {
	mySealKeys,
	ownDeviceKey,
	sealKeysOfMember,
	signingKeysOf
} from '$lib/domain/identity/my-devices';
import { randomId, recordKey } from '$lib/domain/ids';
import { cleanText } from '$lib/domain/text';
import { readBlocks, setBlocked } from '$lib/domain/trust/blocks';
import * as ratings from '$lib/domain/trust/ratings';
import { reputationOf, type Reputation } from '$lib/domain/trust/reputation';
import * as reports from '$lib/domain/trust/reports';
import type { StoredIdentity } from '$lib/persistence/db';
import { ContactDetailsJson, openSealedJson, sealJson } from './sealed-json';
import { signatureCheckKey } from './signature-cache';

export interface AidSnapshot {
	/** Engagements I can see: proposals from members the post author blocks are not among them. */
	engagements: ReadonlyMap<string, Engagement>;
	comments: ReadonlyMap<string, readonly Comment[]>;
	/** Ratings every view accepts (signature checked), hidden ones included: see `ratingHidden`. */
	ratings: readonly ratings.Rating[];
	moderation: moderation.Moderation;
	/** Members I block: their posts and requests disappear from my views. */
	myBlocks: ReadonlySet<string>;
	/** Every member's block list (for rules that all replicas apply). */
	blocks: ReadonlyMap<string, ReadonlySet<string>>;
}

export const EMPTY_AID: AidSnapshot = {
	engagements: new Map(),
	comments: new Map(),
	ratings: [],
	moderation: moderation.NO_MODERATION,
	myBlocks: new Set(),
	blocks: new Map()
};

export interface AidDeps {
	doc: Y.Doc;
	boardId: string;
	origin: unknown;
	identity: () => StoredIdentity;
	members: () => ReadonlyMap<string, MemberProfile>;
	posts: () => readonly HelpPost[];
	cowork: () => ratings.CoworkStates;
	loaded: () => boolean;
	/** Called when background signature checks finish, to re-derive the views. */
	changed: () => void;
	reportError: (error: unknown) => void;
}

const TICK_MS = 60_000;

/** Contact details are sealed as JSON; a post's own copy is bound to the author. */
const contactContext = (authorId: string) => `quartier/post-contact/${authorId}`;
/**
 * A report's reason and a rating's private note are bound to their own record's key, which names
 * the writer: copied into another member's report or rating, the blob does not open there (an
 * admin would otherwise read it under the wrong author).
 */
const reportContext = (reportKey: string) => `quartier/report/${reportKey}`;
const ratingNoteContext = (ratingKey: string) => `quartier/rating-note/${ratingKey}`;

export class AidState {
	snapshot = $state.raw<AidSnapshot>(EMPTY_AID);

	/**
	 * Rating signature checks by key, hash of the signed bytes and signature (signature-cache.ts):
	 * a cache, like profile signatures.
	 */
	private readonly signatureChecks = new Map<string, boolean | 'checking'>();

	private tick: ReturnType<typeof setInterval> | null = null;

	constructor(private readonly deps: AidDeps) {}

	/** A booking becomes rateable when its slot ends: re-derive with the clock, not only on edits. */
	start(): void {
		this.tick = setInterval(() => {
			if (this.deps.loaded()) this.deps.changed();
		}, TICK_MS);
	}

	destroy(): void {
		if (this.tick) clearInterval(this.tick);
	}

	/** Re-reads everything (cheap next to posts: a board holds few engagements and ratings). */
	refresh(invalid: InvalidRecord[] = []): void {
		const { doc, boardId } = this.deps;
		const mod = moderation.readModeration(doc, boardId);
		const blocks = readBlocks(doc);
		const blockedBy = (id: string) => blocks.get(id) ?? new Set<string>();
		const all = readEngagements(doc, invalid, blockedBy);
		const now = Date.now();
		const cowork = this.deps.cowork();
		const unchecked: ratings.Rating[] = [];
		const valid = ratings.readRatings(
			doc,
			{
				boardId,
				service: (kind, subject) => ratings.serviceOf(kind, subject, all, cowork, now),
				signatureValid: (r) => {
					const known = this.signatureChecks.get(this.signatureCheck(r));
					return known === 'checking' ? undefined : known;
				}
			},
			invalid,
			unchecked
		);
		this.checkSignatures(unchecked);
		const me = this.me;
		const myBlocks = blocks.get(me) ?? new Set<string>();
		const visible = new Map(
			[...all].filter(([, e]) => !mod.removed.has(e.initiatorId) && !myBlocks.has(e.initiatorId))
		);
		this.snapshot = {
			engagements: visible,
			comments: readComments(doc, visible, invalid),
			ratings: valid.filter((r) => !mod.removed.has(r.raterId)),
			moderation: mod,
			myBlocks,
			blocks
		};
		this.shareContactsSoon();
	}

	reputation(memberId: string): Reputation {
		return reputationOf(memberId, this.snapshot.ratings, this.snapshot.moderation);
	}

	/** Hidden by an admin: the reason, for the author's eyes; null when shown to everyone. */
	hiddenMark(collection: 'posts' | 'ratings', key: string): moderation.HiddenMark | null {
		return moderation.hiddenMark(this.snapshot.moderation, collection, key);
	}

	/** True when `memberId` blocks me: every phone drops my requests to them (cowork and aid). */
	blocksMe(memberId: string): boolean {
		return this.snapshot.blocks.get(memberId)?.has(this.me) ?? false;
	}

	get isAdmin(): boolean {
		return this.snapshot.moderation.admins.has(this.me);
	}

	// Engagements

	propose(postKey: string, message: string, dates: string): string {
		const { doc, origin } = this.deps;
		return engagements.proposeEngagement(doc, this.me, postKey, message, dates, Date.now(), origin);
	}

	/**
	 * The author accepts, sealing the post's contact details to the neighbour (context: the
	 * engagement key, so the blob opens nowhere else), or declines.
	 */
	async respond(engagementKey: string, accept: boolean, reason = ''): Promise<void> {
		const engagement = this.engagement(engagementKey);
		const details = accept ? await this.postContact(engagement.postKey) : null;
		const contact = details ? await this.sealContactFor(engagement, details) : null;
		const { doc, origin } = this.deps;
		engagements.respond(
			doc,
			this.me,
			engagementKey,
			accept ? 'accepted' : 'declined',
			reason,
			contact,
			Date.now(),
			origin
		);
	}

	cancel(engagementKey: string, reason: string): void {
		const { doc, origin } = this.deps;
		engagements.cancelEngagement(doc, this.me, engagementKey, reason, Date.now(), origin);
	}

	markDone(engagementKey: string): void {
		const { doc, origin } = this.deps;
		engagements.markDone(doc, this.me, engagementKey, Date.now(), origin);
	}

	dispute(engagementKey: string, reason: string): void {
		const { doc, origin } = this.deps;
		engagements.disputeDone(doc, this.me, engagementKey, reason, Date.now(), origin);
	}

	comment(engagementKey: string, text: string): string {
		const { doc, origin } = this.deps;
		return engagements.addComment(doc, this.me, engagementKey, text, Date.now(), origin);
	}

	/**
	 * The post author's contact: for the accepted neighbour (sealed to them in the answer) and
	 * for the author (their own copy). Null for anyone else, or while nothing is sealed.
	 */
	async openContact(engagementKey: string): Promise<ContactDetails | null> {
		const engagement = this.snapshot.engagements.get(engagementKey);
		if (!engagement) return null;
		if (engagement.authorId === this.me) return this.postContact(engagement.postKey);
		const accepted = ['accepted', 'done', 'disputed'].includes(engagement.status);
		const sealed = engagement.response?.contact;
		if (engagement.initiatorId !== this.me || !accepted || !sealed) return null;
		return openSealedJson(this.deps.identity(), sealed, engagementKey, ContactDetailsJson);
	}

	/** Stores my contact details on my post, sealed to me; null removes them. */
	async setPostContact(postKey: string, details: ContactDetails | null): Promise<void> {
		const clean = details && validateContact(details);
		const keys = this.deps.identity();
		const sealed =
			clean && (clean.phone || clean.address)
				? await sealJson(keys, mySealKeys(keys), contactContext(this.me), clean)
				: null;
		const { doc, origin } = this.deps;
		help.setPostContact(doc, this.me, postKey, sealed, origin);
		// Neighbours I already accepted get the new details (or lose the old ones) at once.
		for (const engagement of this.snapshot.engagements.values()) {
			if (engagement.postKey !== postKey || !this.sharesContact(engagement)) continue;
			const contact = clean ? await this.sealContactFor(engagement, clean) : null;
			engagements.updateSharedContact(doc, this.me, engagement.key, contact, origin);
		}
	}

	/**
	 * The author's device sends the contact to accepted neighbours it could not seal to at
	 * acceptance (their profile and key were not known yet), or whose devices changed since; and
	 * reseals my own copies when mine did. Runs after refreshes, one at a time.
	 */
	private async shareMissingContacts(): Promise<void> {
		await this.resealOwnContacts();
		for (const engagement of this.snapshot.engagements.values()) {
			if (!this.sharesContact(engagement)) continue;
			const theirKeys = sealKeysOfMember(this.deps.members(), engagement.initiatorId);
			const sealed = engagement.response?.contact;
			if (theirKeys.length === 0 || (sealed && isSealedToExactly(sealed, theirKeys))) continue;
			const details = await this.postContact(engagement.postKey);
			if (!details) continue;
			const contact = await this.sealContactFor(engagement, details);
			if (!contact) continue;
			const { doc, origin } = this.deps;
			engagements.updateSharedContact(doc, this.me, engagement.key, contact, origin);
		}
	}

	private sharing = false;

	private shareContactsSoon(): void {
		if (this.sharing || !this.deps.loaded()) return;
		this.sharing = true;
		queueMicrotask(() => {
			this.shareMissingContacts()
				.catch(this.deps.reportError)
				.finally(() => (this.sharing = false));
		});
	}

	/** My accepted engagements whose neighbour should hold my contact details. */
	private sharesContact(engagement: Engagement): boolean {
		return (
			engagement.authorId === this.me &&
			engagement.response?.decision === 'accepted' &&
			['accepted', 'done', 'disputed'].includes(engagement.status)
		);
	}

	/** Seals details to the neighbour (context: the engagement key); null without their key. */
	private async sealContactFor(
		engagement: Engagement,
		details: ContactDetails
	): Promise<SealedSet | null> {
		const theirKeys = sealKeysOfMember(this.deps.members(), engagement.initiatorId);
		if (theirKeys.length === 0) return null;
		return sealJson(this.deps.identity(), theirKeys, engagement.key, details);
	}

	/** My posts' contact details, sealed again to my devices when they changed. */
	private async resealOwnContacts(): Promise<void> {
		const keys = this.deps.identity();
		const mine = mySealKeys(keys);
		for (const post of this.deps.posts()) {
			if (post.authorId !== this.me || !post.contactSealed) continue;
			if (isSealedToExactly(post.contactSealed, mine)) continue;
			const details = await this.postContact(post.key);
			if (!details) continue;
			const sealed = await sealJson(keys, mine, contactContext(this.me), details);
			help.setPostContact(this.deps.doc, this.me, post.key, sealed, this.deps.origin);
		}
	}

	/** My own post's contact details, for the edit form; null for others' posts. */
	async postContact(postKey: string): Promise<ContactDetails | null> {
		const post = this.deps.posts().find((p) => p.key === postKey);
		if (!post || post.authorId !== this.me || !post.contactSealed) return null;
		const keys = this.deps.identity();
		return openSealedJson(keys, post.contactSealed, contactContext(this.me), ContactDetailsJson);
	}

	// Ratings

	/** My rating of a service (even if hidden), to show and edit it. */
	myRating(subject: string): ratings.Rating | null {
		const key = ratings.ratingKey(this.me, subject);
		return this.snapshot.ratings.find((r) => r.key === key) ?? null;
	}

	/** Rates the other participant of a finished service, or edits my rating within 14 days. */
	async rate(
		kind: 'engagement' | 'booking',
		subject: string,
		input: ratings.RatingInput,
		privateNote: string
	): Promise<void> {
		const { doc, boardId, origin } = this.deps;
		const now = Date.now();
		const service = ratings.serviceOf(
			kind,
			subject,
			this.snapshot.engagements,
			this.deps.cowork(),
			now
		);
		const note = privateNote.trim();
		if (note.length > ratings.RATING_LIMITS.note) throw new ValidationError({ note: 'tooLong' });
		// Bound to my rating's key (the one key I may rate this service under: known before sealing).
		const sealedNote = note
			? await this.sealToAdmins(ratingNoteContext(ratings.ratingKey(this.me, subject)), note)
			: null;
		const { key, fields } = ratings.prepareRating(
			doc,
			this.me,
			kind,
			subject,
			service,
			input,
			sealedNote,
			now
		);
		const keys = this.deps.identity();
		const signature = await ratings.signRating(keys.privateKey, boardId, key, fields);
		const signer = ownDeviceKey(keys);
		ratings.writeRating(
			doc,
			key,
			fields,
			signature,
			origin,
			signer === keys.publicKey ? null : signer
		);
	}

	/**
	 * My own private note to the admins on my rating of a service, read back from any admin's
	 * copy (the sealer can open what it sealed): the edit form starts from it, so saving an edit
	 * does not silently drop the note.
	 */
	async myRatingNote(subject: string): Promise<string | null> {
		const rating = this.myRating(subject);
		if (!rating?.privateNote) return null;
		const keys = this.deps.identity();
		for (const sealed of Object.values(rating.privateNote)) {
			const text = await openSet(
				keys.encryptionPrivateKey,
				keys.encryptionKey,
				sealed,
				ratingNoteContext(rating.key)
			);
			if (text !== null) return text;
		}
		return null;
	}

	/** For an admin: the private note a rater left them. */
	openRatingNote(rating: ratings.Rating): Promise<string | null> {
		const sealed = rating.privateNote?.[this.me];
		if (!sealed) return Promise.resolve(null);
		const keys = this.deps.identity();
		return openSet(
			keys.encryptionPrivateKey,
			keys.encryptionKey,
			sealed,
			ratingNoteContext(rating.key)
		);
	}

	// Trust and safety

	setVouch(memberId: string, active: boolean): void {
		const { doc, boardId, origin } = this.deps;
		moderation.setVouch(doc, boardId, this.me, memberId, active, Date.now(), origin);
	}

	promoteAdmin(memberId: string): void {
		const { doc, boardId, origin } = this.deps;
		moderation.promoteAdmin(doc, boardId, this.me, memberId, Date.now(), origin);
	}

	setHidden(
		target: { collection: 'posts' | 'ratings'; key: string },
		hidden: boolean,
		reason: string
	): void {
		const { doc, boardId, origin } = this.deps;
		moderation.setHidden(doc, boardId, this.me, target, hidden, reason, Date.now(), origin);
	}

	setBlocked(memberId: string, blocked: boolean): void {
		const { doc, origin } = this.deps;
		setBlocked(doc, this.me, memberId, blocked, Date.now(), origin);
	}

	/** Reports a post, a rating or a member to the admins; the reason is sealed to each admin. */
	async report(target: reports.ReportTarget, ref: string, reason: string): Promise<string> {
		const errors = {};
		const text = cleanText(reason, 'reason', { required: true, max: 500 }, errors);
		if (Object.keys(errors).length > 0) throw new ValidationError(errors);
		// The key is drawn first so the reason is sealed for this report only.
		const key = recordKey(this.me, randomId());
		const sealed = await this.sealToAdmins(reportContext(key), text);
		const { doc, origin } = this.deps;
		return reports.createReport(doc, this.me, target, ref, sealed, Date.now(), origin, key);
	}

	/** For an admin: reports sealed to them, with their reasons opened. */
	async reportsForMe(): Promise<(reports.Report & { reason: string | null })[]> {
		const keys = this.deps.identity();
		const list = reports.readReportsFor(this.deps.doc, this.me);
		return Promise.all(
			list.map(async (r) => ({
				...r,
				reason: r.sealed
					? await openSet(
							keys.encryptionPrivateKey,
							keys.encryptionKey,
							r.sealed,
							reportContext(r.key)
						)
					: null
			}))
		);
	}

	private get me(): string {
		return this.deps.identity().memberId;
	}

	private engagement(key: string): Engagement {
		const engagement = this.snapshot.engagements.get(key);
		if (!engagement) throw new NotFoundError(key);
		if (engagement.authorId !== this.me && engagement.initiatorId !== this.me) {
			throw new NotAuthorError(key);
		}
		return engagement;
	}

	/**
	 * Seals a text to every admin with a published key (by admin id; to each of their devices).
	 * Refused (RuleError 'noAdminKey') when no admin's key is on this device yet: the text would
	 * reach nobody.
	 */
	private async sealToAdmins(context: string, text: string): Promise<Record<string, SealedSet>> {
		const keys = this.deps.identity();
		const sealed: Record<string, SealedSet> = {};
		for (const admin of this.snapshot.moderation.admins) {
			const theirKeys = sealKeysOfMember(this.deps.members(), admin);
			if (theirKeys.length === 0) continue;
			sealed[admin] = await sealToAll(
				keys.encryptionPrivateKey,
				keys.encryptionKey,
				theirKeys,
				context,
				text
			);
		}
		if (Object.keys(sealed).length === 0) throw new RuleError('noAdminKey');
		return sealed;
	}

	private signatureCheck(rating: ratings.Rating): string {
		const payload = ratings.ratingPayload(this.deps.boardId, rating.key, rating);
		// The signer is part of what was checked: the same signature under another key is new.
		return signatureCheckKey(`${rating.key}/${rating.signer ?? ''}`, payload, rating.signature);
	}

	/** Checks new rating signatures in the background, then asks for one refresh. */
	private checkSignatures(unchecked: readonly ratings.Rating[]): void {
		const members = this.deps.members();
		const checks: Promise<unknown>[] = [];
		for (const rating of unchecked) {
			const id = this.signatureCheck(rating);
			if (this.signatureChecks.has(id)) continue;
			const rater = members.get(rating.raterId);
			// The rater's profile is not here (or not verified) yet: check again on the next refresh.
			if (!rater) continue;
			this.signatureChecks.set(id, 'checking');
			checks.push(
				ratings
					.verifyRatingSignature(this.deps.boardId, rating, signingKeysOf(rater))
					.then((ok) => this.signatureChecks.set(id, ok))
			);
		}
		if (checks.length === 0) return;
		Promise.all(checks)
			.then(() => {
				if (this.deps.loaded()) this.deps.changed();
			})
			.catch(this.deps.reportError);
	}
}
