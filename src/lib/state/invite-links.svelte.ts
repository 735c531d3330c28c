/**
 * The invite page's list of links (issue 17, admins): each admin's named links and the board
 * link this device holds, with what each still does, the link itself where this device keeps its
 * secret, and how many people joined with it, asked from the relay when it answers (nothing is
 * shown when it cannot be asked: the count is the relay's, never a guess).
 */
import {
	linkStanding,
	type InviteLinkInput,
	type LinkStanding
} from '$lib/domain/board/invite-links';
import type { StoredIdentity } from '$lib/persistence/db';
import type { BoardSession } from './board/session.svelte';
import { deviceSigner } from './device-signer';
import type { JoinServices } from './join-services';

export interface InviteLinkRow {
	tokenHash: string;
	/** Empty for the board link this device holds (the page names it). */
	name: string;
	first: boolean;
	standing: Exclude<LinkStanding, 'unknown'>;
	expiresAt: number | null;
	maxUses: number | null;
	/** Members it let in, from the relay; null when it could not be asked. */
	joined: number | null;
	/** The secret, when this device made the link (or holds it): then it can be shared. */
	secret: string | null;
}

export interface InviteLinksHost {
	readonly identity: StoredIdentity | null;
	readonly online: boolean;
	secretOf(boardId: string): string | undefined;
	inviteLinkSecrets(boardId: string): Promise<Record<string, string>>;
	keepInviteLinkSecret(boardId: string, linkId: string, secret: string): Promise<void>;
	loadJoins(): Promise<JoinServices>;
}

export class InviteLinksView {
	private secrets = $state.raw<Record<string, string>>({});
	private counts = $state.raw<Record<string, number> | null>(null);

	constructor(
		private readonly host: InviteLinksHost,
		private readonly session: BoardSession
	) {}

	rows(now = Date.now()): InviteLinkRow[] {
		const { moderation } = this.session;
		const state = moderation.inviteLinks;
		const own = this.host.secretOf(this.session.id);
		const ownHash = own ? moderation.tokenHashOf(own) : null;
		const joined = (hash: string) => (this.counts ? (this.counts[hash] ?? 0) : null);
		const rows: InviteLinkRow[] = state.links.map((link) => {
			const standing = linkStanding(state, link.tokenHash, joined(link.tokenHash) ?? 0, now);
			return {
				tokenHash: link.tokenHash,
				name: link.name,
				first: false,
				standing: standing === 'unknown' ? 'live' : standing,
				expiresAt: link.expiresAt,
				maxUses: link.maxUses,
				joined: joined(link.tokenHash),
				secret: this.secrets[link.linkId] ?? (link.tokenHash === ownHash ? own! : null)
			};
		});
		if (own && ownHash && !state.links.some((link) => link.tokenHash === ownHash)) {
			rows.unshift({
				tokenHash: ownHash,
				name: '',
				first: true,
				standing: state.revoked.has(ownHash) ? 'revoked' : 'live',
				expiresAt: null,
				maxUses: null,
				joined: joined(ownHash),
				secret: own
			});
		}
		return rows;
	}

	/** Reads the secrets kept here, then asks the relay for the counts (when online). */
	async load(): Promise<void> {
		const stored = await this.host.inviteLinkSecrets(this.session.id);
		// A link made while this was read is in memory only so far: keep it.
		this.secrets = { ...stored, ...this.secrets };
		await this.refreshCounts();
	}

	async refreshCounts(): Promise<void> {
		const identity = this.host.identity;
		if (!identity || !this.host.online) return;
		try {
			const joins = await this.host.loadJoins();
			const signer = deviceSigner(identity);
			this.counts = await joins.directory.inviteCounts(signer, this.session.id, Date.now());
		} catch {
			// Offline, a relay that does not answer, or no longer admin: show no count at all.
			this.counts = null;
		}
	}

	/** Throws the domain's ValidationError or NotAuthorError. */
	async create(input: InviteLinkInput): Promise<void> {
		const { linkId, secret } = this.session.moderation.createInviteLink(input);
		this.secrets = { ...this.secrets, [linkId]: secret };
		await this.host.keepInviteLinkSecret(this.session.id, linkId, secret);
	}

	revoke(tokenHash: string): void {
		this.session.moderation.revokeInviteLink(tokenHash);
	}
}
