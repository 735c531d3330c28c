/**
 * Admins' marks (who is admin, removed, vouched, what is hidden) and every member's block list,
 * read once per change and used by every other feature: posts, cowork, engagements and ratings
 * all filter by the same `marks` and `blocks`.
 */
import * as moderation from '$lib/domain/trust/moderation';
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import {
	PRIVATE,
	readVisibility,
	setVisibility,
	type BoardVisibility,
	type VisibilityInput
} from '$lib/domain/directory/visibility';
import { readAdmissions, recordAdmission, type Admission } from '$lib/domain/join/admissions';
import { readBlocks, setBlocked } from '$lib/domain/trust/blocks';
import {
	readInviteLinks,
	revokeInviteLink,
	type InviteLinkInput,
	type InviteLinks
} from '$lib/domain/board/invite-links';
import { linkTokenHash } from '$lib/sync/room-token';
import { mintInviteLink, visibilityWithLink } from './invite-links';
import type { BoardFeature } from './feature';
import type { BoardScope } from './scope';

const NONE: ReadonlySet<string> = new Set();

export class ModerationFeature implements BoardFeature {
	readonly name = 'moderation';
	/** Admin rights flow from the creator named by the board record. */
	readonly inputs = [ROOT.board, ROOT.moderation, ROOT.blocks];
	readonly uses = [];
	readonly timed = false;

	marks = $state.raw<moderation.Moderation>(moderation.NO_MODERATION);
	/** Every member's block list (for rules that all replicas apply). */
	blocks = $state.raw<ReadonlyMap<string, ReadonlySet<string>>>(new Map());
	/** Who can find the board outside it (private, listed, open), as the latest admin mark says. */
	visibility = $state.raw<BoardVisibility>(PRIVATE);
	/** Who let whom in: each member admitted from a join request, by the admin who accepted. */
	admissions = $state.raw<ReadonlyMap<string, Admission>>(new Map());
	/** The admins' invite links and revocations (issue 17). */
	inviteLinks = $state.raw<InviteLinks>({ links: [], revoked: new Map() });

	constructor(private readonly scope: BoardScope) {}

	refresh(): InvalidRecord[] {
		const { doc, boardId } = this.scope;
		this.marks = moderation.readModeration(doc, boardId);
		this.blocks = readBlocks(doc);
		this.visibility = readVisibility(doc, boardId, this.marks.admins);
		this.admissions = readAdmissions(doc, boardId, this.marks.admins);
		this.inviteLinks = readInviteLinks(doc, boardId, this.marks.admins);
		return [];
	}

	/** Members an admin removed: their records are hidden and the relay refuses them. */
	get removed(): ReadonlySet<string> {
		return this.marks.removed;
	}

	/** Members I block: their posts and requests disappear from my views. */
	get myBlocks(): ReadonlySet<string> {
		return this.blockedBy(this.scope.me);
	}

	blockedBy(memberId: string): ReadonlySet<string> {
		return this.blocks.get(memberId) ?? NONE;
	}

	/** The creator, or a member an admin promoted. */
	get isAdmin(): boolean {
		return this.marks.admins.has(this.scope.me);
	}

	/** True when `memberId` blocks me: every phone drops my requests to them (cowork and aid). */
	blocksMe(memberId: string): boolean {
		return this.blockedBy(memberId).has(this.scope.me);
	}

	/** Hidden by an admin: the reason, for the author's eyes; null when shown to everyone. */
	hiddenMark(collection: 'posts' | 'ratings', key: string): moderation.HiddenMark | null {
		return moderation.hiddenMark(this.marks, collection, key);
	}

	isHidden(collection: 'posts' | 'ratings', key: string): boolean {
		return moderation.isHidden(this.marks, collection, key);
	}

	// Commands (admins only, checked by the domain; blocks are anyone's own list).

	/** The member's posts disappear and the relay stops accepting them. */
	removeMember(memberId: string, reason: string): void {
		const { doc, boardId, me, origin } = this.scope;
		moderation.removeMember(doc, boardId, me, memberId, reason, Date.now(), origin);
	}

	setVouch(memberId: string, active: boolean): void {
		const { doc, boardId, me, origin } = this.scope;
		moderation.setVouch(doc, boardId, me, memberId, active, Date.now(), origin);
	}

	promoteAdmin(memberId: string): void {
		const { doc, boardId, me, origin } = this.scope;
		moderation.promoteAdmin(doc, boardId, me, memberId, Date.now(), origin);
	}

	setHidden(
		target: { collection: 'posts' | 'ratings'; key: string },
		hidden: boolean,
		reason: string
	): void {
		const { doc, boardId, me, origin } = this.scope;
		moderation.setHidden(doc, boardId, me, target, hidden, reason, Date.now(), origin);
	}

	/** Records that I let `memberId` in by accepting their join request (issue 16). */
	admit(memberId: string, requestId: string): void {
		const { doc, boardId, me, origin } = this.scope;
		recordAdmission(doc, boardId, me, memberId, requestId, Date.now(), origin);
	}

	/**
	 * Lists the board, opens it or makes it private again. An open board gets its own invite link
	 * (named `linkName`), whose secret its mark carries so the relay can let anyone in; closing
	 * the board revokes that link, so nobody new enters through the directory any more.
	 */
	setVisibility(input: VisibilityInput, linkName: string): void {
		const { doc, boardId, me, origin } = this.scope;
		doc.transact(() => {
			const secret = visibilityWithLink(this.scope, input, linkName, Date.now());
			setVisibility(doc, boardId, me, input, secret, Date.now(), origin);
		}, origin);
	}

	/** Makes a named invite link; its secret is returned once, for this device to keep. */
	createInviteLink(input: InviteLinkInput): { linkId: string; secret: string } {
		return mintInviteLink(this.scope, input, Date.now());
	}

	/** Revokes a link (another admin's, or the board's first one, too) by its token's hash. */
	revokeInviteLink(tokenHash: string): void {
		const { doc, boardId, me, origin } = this.scope;
		revokeInviteLink(doc, boardId, me, tokenHash, Date.now(), origin);
	}

	/** The hash a link's records name, for a secret this device holds. */
	tokenHashOf(secret: string): string {
		return linkTokenHash(this.scope.boardId, secret);
	}

	setBlocked(memberId: string, blocked: boolean): void {
		const { doc, me, origin } = this.scope;
		setBlocked(doc, me, memberId, blocked, Date.now(), origin);
	}
}
