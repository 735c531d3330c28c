/**
 * Mutual aid on one open board (issue 4): engagements on posts, their threads, and the post
 * author's contact details shared with the accepted neighbour. Pages read `snapshot` and call
 * the commands (`session.aid.respond(key, true)`); resealing contacts is aid-upkeep.ts.
 */
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import { checkInEngagement } from '$lib/domain/checkin/commands';
import * as engagements from '$lib/domain/engagement/commands';
import { readComments, readEngagements } from '$lib/domain/engagement/read';
import { isAcceptedOrLater } from '$lib/domain/engagement/status';
import type { Comment, ContactDetails, Engagement } from '$lib/domain/engagement/types';
import { NotAuthorError, NotFoundError } from '$lib/domain/errors';
import * as help from '$lib/domain/help/commands';
import { validateContact } from '$lib/domain/help/contact';
import { engagementContactContext, postContactContext } from '$lib/domain/help/seal-contexts';
import type { SealedSet } from '$lib/domain/identity/sealed';
import { mySealKeys, sealKeysOfMember } from '$lib/domain/identity/my-devices';
import type { BoardFeature } from './feature';
import type { MembersFeature } from './members.svelte';
import type { ModerationFeature } from './moderation.svelte';
import type { PostsFeature } from './posts.svelte';
import type { BoardScope } from './scope';
import { ContactDetailsJson, openSealedJson, sealJson } from './sealed-json';

export interface AidSnapshot {
	/** Engagements I can see: proposals from members the post author blocks are not among them. */
	engagements: ReadonlyMap<string, Engagement>;
	comments: ReadonlyMap<string, readonly Comment[]>;
}

export const EMPTY_AID: AidSnapshot = { engagements: new Map(), comments: new Map() };

export class AidFeature implements BoardFeature {
	readonly name = 'aid';
	readonly inputs = [ROOT.engagements, ROOT.responses, ROOT.comments, ROOT.checkins];
	readonly uses: readonly [ModerationFeature, PostsFeature];
	readonly timed = false;

	snapshot = $state.raw<AidSnapshot>(EMPTY_AID);
	/** Every engagement read, before hiding removed or blocked initiators (ratings need them). */
	all: ReadonlyMap<string, Engagement> = new Map();

	constructor(
		private readonly scope: BoardScope,
		private readonly members: MembersFeature,
		private readonly moderation: ModerationFeature,
		readonly posts: PostsFeature
	) {
		this.uses = [moderation, posts];
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		const { doc } = this.scope;
		const { removed, myBlocks } = this.moderation;
		this.all = readEngagements(doc, invalid, (id) => this.moderation.blockedBy(id), removed);
		const visible = new Map(
			[...this.all].filter(([, e]) => !removed.has(e.initiatorId) && !myBlocks.has(e.initiatorId))
		);
		this.snapshot = { engagements: visible, comments: readComments(doc, visible, invalid) };
		return invalid;
	}

	propose(postKey: string, message: string, dates: string): string {
		const { doc, me, origin } = this.scope;
		return engagements.proposeEngagement(doc, me, postKey, message, dates, Date.now(), origin);
	}

	/**
	 * The author accepts, sealing the post's contact details to the neighbour (context: the
	 * engagement key, so the blob opens nowhere else), or declines.
	 */
	async respond(engagementKey: string, accept: boolean, reason = ''): Promise<void> {
		const engagement = this.engagement(engagementKey);
		const details = accept ? await this.postContact(engagement.postKey) : null;
		const contact = details ? await this.sealContactFor(engagement, details) : null;
		const { doc, me, origin } = this.scope;
		const decision = accept ? 'accepted' : 'declined';
		engagements.respond(doc, me, engagementKey, decision, reason, contact, Date.now(), origin);
	}

	cancel(engagementKey: string, reason: string): void {
		const { doc, me, origin } = this.scope;
		engagements.cancelEngagement(doc, me, engagementKey, reason, Date.now(), origin);
	}

	/** At the door: my "service rendu"; once the other side says it too, the engagement is done. */
	serviceRendered(engagementKey: string): void {
		const { doc, me, origin } = this.scope;
		checkInEngagement(doc, me, engagementKey, Date.now(), origin);
	}

	markDone(engagementKey: string): void {
		const { doc, me, origin } = this.scope;
		engagements.markDone(doc, me, engagementKey, Date.now(), origin);
	}

	dispute(engagementKey: string, reason: string): void {
		const { doc, me, origin } = this.scope;
		engagements.disputeDone(doc, me, engagementKey, reason, Date.now(), origin);
	}

	comment(engagementKey: string, text: string): string {
		const { doc, me, origin } = this.scope;
		return engagements.addComment(doc, me, engagementKey, text, Date.now(), origin);
	}

	/**
	 * The post author's contact: for the accepted neighbour (sealed to them in the answer) and
	 * for the author (their own copy). Null for anyone else, or while nothing is sealed.
	 */
	async openContact(engagementKey: string): Promise<ContactDetails | null> {
		const engagement = this.snapshot.engagements.get(engagementKey);
		if (!engagement) return null;
		const me = this.scope.me;
		if (engagement.authorId === me) return this.postContact(engagement.postKey);
		const sealed = engagement.response?.contact;
		if (engagement.initiatorId !== me || !isAcceptedOrLater(engagement.status) || !sealed)
			return null;
		const context = engagementContactContext(engagementKey);
		return openSealedJson(this.scope.identity, sealed, context, ContactDetailsJson);
	}

	/** Stores my contact details on my post, sealed to me; null removes them. */
	async setPostContact(postKey: string, details: ContactDetails | null): Promise<void> {
		const clean = details && validateContact(details);
		const { identity, doc, me, origin } = this.scope;
		const sealed =
			clean && (clean.phone || clean.address)
				? await sealJson(identity, mySealKeys(identity), postContactContext(me), clean)
				: null;
		help.setPostContact(doc, me, postKey, sealed, origin);
		// Neighbours I already accepted get the new details (or lose the old ones) at once.
		for (const engagement of this.snapshot.engagements.values()) {
			if (engagement.postKey !== postKey || !this.sharesContact(engagement)) continue;
			const contact = clean ? await this.sealContactFor(engagement, clean) : null;
			engagements.updateSharedContact(doc, me, engagement.key, contact, origin);
		}
	}

	/** My own post's contact details, for the edit form; null for others' posts. */
	async postContact(postKey: string): Promise<ContactDetails | null> {
		const post = this.posts.byKey(postKey);
		const me = this.scope.me;
		if (!post || post.authorId !== me || !post.contactSealed) return null;
		const context = postContactContext(me);
		return openSealedJson(this.scope.identity, post.contactSealed, context, ContactDetailsJson);
	}

	/** My accepted engagements whose neighbour should hold my contact details. */
	sharesContact(engagement: Engagement): boolean {
		return (
			engagement.authorId === this.scope.me &&
			engagement.response?.decision === 'accepted' &&
			isAcceptedOrLater(engagement.status)
		);
	}

	/** Seals details to the neighbour (context: the engagement key); null without their key. */
	async sealContactFor(engagement: Engagement, details: ContactDetails): Promise<SealedSet | null> {
		const theirKeys = sealKeysOfMember(this.members.all, engagement.initiatorId);
		if (theirKeys.length === 0) return null;
		const context = engagementContactContext(engagement.key);
		return sealJson(this.scope.identity, theirKeys, context, details);
	}

	private engagement(key: string): Engagement {
		const engagement = this.snapshot.engagements.get(key);
		const me = this.scope.me;
		if (!engagement) throw new NotFoundError(key);
		if (engagement.authorId !== me && engagement.initiatorId !== me) throw new NotAuthorError(key);
		return engagement;
	}
}
