/**
 * One board's join requests, for its admins (issue 16): the list as the relay last gave it
 * (kept on the phone, so deciding works offline), and accept / decline / block. A decision is
 * queued in the outbox (decision-outbox.svelte.ts); an acceptance also seals the board's invite
 * to the requester's key and writes who let them in into the board (an admission mark).
 */
import type { AdminRequestView } from '$lib/domain/directory/api-types';
import { INVITE_LINK_LIMITS, linkStanding } from '$lib/domain/board/invite-links';
import { seal } from '$lib/domain/identity/sealed';
import { m } from '$lib/paraglide/messages.js';
import { joinInviteContext, type JoinDecision } from '$lib/domain/join/request';
import type { QueuedDecisionRow } from '$lib/persistence/db';
import * as store from '$lib/persistence/decision-outbox';
import { DirectoryError } from '$lib/sync/directory-client';
import type { BoardSession } from './board/session.svelte';
import type { DecisionOutbox, OutboxHost } from './decision-outbox.svelte';
import { deviceSigner } from './device-signer';

/** What the admin sees of one request: the relay's status, or the decision still on this phone. */
export type ShownStatus = AdminRequestView['status'] | 'queued' | 'failed';

export class BoardRequests {
	requests = $state.raw<AdminRequestView[]>([]);
	fetchedAt = $state<number | null>(null);
	/** Why the list could not be refreshed (`unreachable`, `not-admin`…), or null. */
	error = $state<string | null>(null);
	loading = $state(false);
	/** A slow answer to an older refresh never replaces a newer one. */
	private run = 0;

	constructor(
		private readonly host: OutboxHost,
		private readonly outbox: DecisionOutbox,
		private readonly session: BoardSession,
		private readonly secret: string,
		private readonly now: () => number = Date.now
	) {}

	/** The row of the outbox for a request, if its decision is still on this phone. */
	queuedOf(requestId: string): QueuedDecisionRow | undefined {
		return this.outbox.queued.find((r) => r.requestId === requestId);
	}

	statusOf(request: AdminRequestView): ShownStatus {
		const queued = this.queuedOf(request.requestId);
		if (queued) return queued.failure ? 'failed' : 'queued';
		return request.status;
	}

	/** Requests waiting for a decision nobody took yet, here or on the relay. */
	get pendingCount(): number {
		return this.requests.filter((r) => this.statusOf(r) === 'pending').length;
	}

	/** The kept list at once, then the relay's when the board is listed and the phone online. */
	async refresh(): Promise<void> {
		const { db } = this.host;
		const kept = await store.loadBoardRequests(db, this.session.id);
		if (kept && this.fetchedAt === null) {
			this.requests = kept.requests;
			this.fetchedAt = kept.fetchedAt;
		}
		const identity = this.host.identity;
		if (!identity || !this.session.moderation.isAdmin) return;
		// A private board never had requests; one made private may still have some to answer.
		if (this.session.moderation.visibility.visibility === 'private' && !kept) return;
		if (!this.host.online) {
			this.error = 'unreachable';
			return;
		}
		this.loading = true;
		const run = ++this.run;
		try {
			const at = this.now();
			const requests = await this.host.directory.adminRequests(
				deviceSigner(identity),
				this.session.id,
				at
			);
			if (run !== this.run) return;
			// A decision still in the outbox is newer than what the relay says.
			this.requests = requests.map((r) => this.withQueued(r));
			this.fetchedAt = at;
			this.error = null;
			await store.saveBoardRequests(db, this.session.id, requests, at);
		} catch (error) {
			if (!(error instanceof DirectoryError)) throw error;
			if (run === this.run) this.error = error.code;
		} finally {
			if (run === this.run) this.loading = false;
		}
	}

	async accept(request: AdminRequestView, message: string): Promise<void> {
		const identity = this.host.identity;
		if (!identity) throw new Error('no identity');
		const sealedInvite = await seal(
			identity.encryptionPrivateKey,
			identity.encryptionKey,
			request.encryptionKey,
			joinInviteContext(request.requestId),
			JSON.stringify({ boardId: this.session.id, secret: this.secretFor(request) })
		);
		// Written into the board now (it syncs like any edit); the relay learns the decision later.
		this.session.moderation.admit(request.memberId, request.requestId);
		await this.decide(request, { decision: 'accept', message: message.trim(), sealedInvite });
	}

	/**
	 * A secret that still lets the requester in: mine while no link record says it is revoked,
	 * expired or capped (a capped link may be used up, which only the relay knows); otherwise a
	 * link of their own, for one person. Mine is preferred because the relay knows it already,
	 * where a new link's record must reach the relay before the requester connects.
	 */
	private secretFor(request: AdminRequestView): string {
		const { moderation } = this.session;
		const hash = moderation.tokenHashOf(this.secret);
		const links = moderation.inviteLinks;
		const standing = linkStanding(links, hash, 0, this.now());
		const capped = links.links.some((l) => l.tokenHash === hash && l.maxUses !== null);
		if (this.secret && (standing === 'live' || standing === 'unknown') && !capped)
			return this.secret;
		const name = m
			.invite_request_link_name({ name: request.name })
			.slice(0, INVITE_LINK_LIMITS.name);
		return moderation.createInviteLink({ name, expiresAt: null, maxUses: 1 }).secret;
	}

	decline(request: AdminRequestView, message: string): Promise<void> {
		return this.decide(request, {
			decision: 'decline',
			message: message.trim(),
			sealedInvite: null
		});
	}

	async block(request: AdminRequestView): Promise<void> {
		await this.markLocally(request, 'declined', '');
		await this.outbox.queue({
			requestId: request.requestId,
			boardId: this.session.id,
			action: 'block',
			decision: null
		});
	}

	private async decide(request: AdminRequestView, decision: JoinDecision): Promise<void> {
		const status = decision.decision === 'accept' ? 'accepted' : 'declined';
		await this.markLocally(request, status, decision.message);
		await this.outbox.queue({
			requestId: request.requestId,
			boardId: this.session.id,
			action: 'decide',
			decision
		});
	}

	private withQueued(request: AdminRequestView): AdminRequestView {
		const queued = this.queuedOf(request.requestId);
		if (!queued || request.status !== 'pending') return request;
		const accepted = queued.action === 'decide' && queued.decision?.decision === 'accept';
		return {
			...request,
			status: accepted ? 'accepted' : 'declined',
			message: queued.decision?.message ?? '',
			decidedAt: queued.queuedAt,
			decidedBy: this.host.identity?.memberId ?? null
		};
	}

	/** The kept list says what I decided, so it reads right once the outbox has sent it. */
	private async markLocally(
		request: AdminRequestView,
		status: AdminRequestView['status'],
		message: string
	): Promise<void> {
		const me = this.host.identity?.memberId ?? null;
		const at = this.now();
		this.requests = this.requests.map((r) =>
			r.requestId === request.requestId
				? { ...r, status, message, decidedAt: at, decidedBy: me }
				: r
		);
		await store.saveBoardRequests(
			this.host.db,
			this.session.id,
			this.requests,
			this.fetchedAt ?? at
		);
	}
}
