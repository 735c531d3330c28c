/**
 * "Mes demandes" (issue 16): the requests I sent to join listed boards, and joining open ones.
 * While a request is pending and the phone online, its status is asked (signed) every
 * `POLL_MS` and on reconnect; an acceptance opens the invite sealed to this device and joins the
 * board; a decline keeps only the admin's words, and nothing of the board stays on the phone.
 */
import * as v from 'valibot';
import type { DirectoryEntry, JoinStatusAnswer } from '$lib/domain/directory/api-types';
import { isBoardSecret, type Invite } from '$lib/domain/board/invite';
import { open } from '$lib/domain/identity/sealed';
import { joinInviteContext, joinRequestId } from '$lib/domain/join/request';
import { joinRequestBody, type JoinRequestInput } from '$lib/domain/join/request-input';
import type { MyJoinRequestRow, QuartierDb, StoredIdentity } from '$lib/persistence/db';
import { forgetBoardEntry } from '$lib/persistence/directory-cache';
import * as store from '$lib/persistence/my-join-requests';
import { DirectoryError, isTransient, type DirectoryClient } from '$lib/sync/directory-client';
import { signJoinRequest } from '$lib/sync/signed-calls';
import { deviceSigner } from './device-signer';
import { repeatWhileWaiting } from './repeat-online';

/** Often enough that an accepted neighbour lands in the board within a minute; cheap for the relay. */
export const POLL_MS = 30_000;

export interface JoinHost {
	readonly db: QuartierDb;
	readonly identity: StoredIdentity | null;
	readonly online: boolean;
	readonly directory: DirectoryClient;
	joinBoard(invite: Invite, names?: { name: string; city: string }): Promise<string>;
	readonly reportError: (error: unknown) => void;
}

const InviteJson = v.object({ boardId: v.string(), secret: v.string() });

export class MyJoinRequests {
	list = $state.raw<MyJoinRequestRow[]>([]);
	/** Requests accepted whose invite did not open on this phone (sealed to another device). */
	unreadable = $state.raw<ReadonlySet<string>>(new Set());
	private readonly joinedListeners = new Set<(boardId: string) => void>();
	private checking: Promise<void> | null = null;

	constructor(
		private readonly host: JoinHost,
		private readonly now: () => number = Date.now
	) {}

	get pending(): MyJoinRequestRow[] {
		return this.list.filter(
			(r) => r.status === 'pending' || (r.status === 'accepted' && !r.joinedAt)
		);
	}

	async load(): Promise<void> {
		this.list = await store.listMyRequests(this.host.db);
	}

	/** Runs `listener` when an accepted request's board was joined; returns the unsubscribe. */
	onJoined(listener: (boardId: string) => void): () => void {
		this.joinedListeners.add(listener);
		return () => this.joinedListeners.delete(listener);
	}

	/** Signs and sends a request to join a listed board; throws DirectoryError (words in the page). */
	async ask(entry: DirectoryEntry, input: JoinRequestInput): Promise<string> {
		const identity = this.requireIdentity();
		const signed = await this.sign(entry.boardId, identity, input);
		const { requestId } = await this.host.directory.ask(signed);
		const id = requestId || joinRequestId(entry.boardId, identity.memberId);
		await store.saveMyRequest(this.host.db, {
			requestId: id,
			boardId: entry.boardId,
			boardName: entry.name,
			city: entry.place?.name ?? entry.city,
			sentAt: this.now(),
			status: 'pending',
			message: '',
			decidedAt: null,
			lastCheckedAt: null,
			joinedAt: null
		});
		await this.load();
		return id;
	}

	/** Joins an open board at once with the secret the relay hands out; returns its id. */
	async joinOpen(entry: DirectoryEntry, input: JoinRequestInput): Promise<string> {
		const identity = this.requireIdentity();
		const signed = await this.sign(entry.boardId, identity, input);
		const invite = await this.host.directory.joinOpen(signed);
		if (invite.boardId !== entry.boardId || !isBoardSecret(invite.secret))
			throw new DirectoryError('bad-answer');
		return this.host.joinBoard(
			{ boardId: invite.boardId, secret: invite.secret },
			{ name: entry.name, city: entry.place?.name ?? entry.city }
		);
	}

	/** Asks the relay about every pending request (one check at a time). */
	check(): Promise<void> {
		this.checking ??= this.checkAll().finally(() => (this.checking = null));
		return this.checking;
	}

	/** Polls while pending and online, and at once on reconnect; returns the stop function. */
	start(): () => void {
		const tick = () => {
			if (this.host.online && this.pending.length > 0) this.check().catch(this.host.reportError);
		};
		return repeatWhileWaiting(tick, POLL_MS, this.load(), this.host.reportError);
	}

	private async checkAll(): Promise<void> {
		const identity = this.host.identity;
		if (!identity) return;
		const signer = deviceSigner(identity);
		for (const row of this.pending) {
			try {
				const answer = await this.host.directory.status(signer, row.requestId, this.now());
				await this.apply(row, answer, identity);
			} catch (error) {
				if (isTransient(error)) return; // offline again: the next tick or reconnect tries again
				if (!(error instanceof DirectoryError)) throw error;
				// 404: the relay forgot it (its 30 days passed); keep the row, stop asking.
				if (error.code === 'not-found')
					await store.updateMyRequest(this.host.db, row.requestId, {
						status: 'declined',
						decidedAt: this.now()
					});
			}
		}
		await this.load();
	}

	private async apply(
		row: MyJoinRequestRow,
		answer: JoinStatusAnswer,
		identity: StoredIdentity
	): Promise<void> {
		const { db } = this.host;
		const checked = { lastCheckedAt: this.now() };
		if (answer.status === 'pending') {
			await store.updateMyRequest(db, row.requestId, checked);
			return;
		}
		const decided = {
			...checked,
			status: answer.status,
			message: answer.message ?? '',
			decidedAt: answer.decidedAt ?? this.now()
		};
		if (answer.status === 'declined') {
			// Nothing of a board that said no stays here, not even its public page.
			await forgetBoardEntry(db, row.boardId);
			await store.updateMyRequest(db, row.requestId, decided);
			return;
		}
		// Accepted: until the board is joined the row stays "pending" for the poll, which asks
		// again (a join that failed on storage is retried with the relay's copy of the invite).
		await store.updateMyRequest(db, row.requestId, decided);
		const invite = answer.sealedInvite
			? await this.openInvite(identity, row, answer.sealedInvite)
			: null;
		if (!invite) {
			this.unreadable = new Set([...this.unreadable, row.requestId]);
			return;
		}
		await this.host.joinBoard(invite, { name: row.boardName, city: row.city });
		await store.updateMyRequest(db, row.requestId, { joinedAt: this.now() });
		for (const listener of this.joinedListeners) listener(invite.boardId);
	}

	private async openInvite(
		identity: StoredIdentity,
		row: MyJoinRequestRow,
		sealed: NonNullable<JoinStatusAnswer['sealedInvite']>
	): Promise<Invite | null> {
		const plain = await open(
			identity.encryptionPrivateKey,
			identity.encryptionKey,
			sealed,
			joinInviteContext(row.requestId)
		);
		if (plain === null) return null;
		try {
			const parsed = v.safeParse(InviteJson, JSON.parse(plain));
			if (!parsed.success) return null;
			const { boardId, secret } = parsed.output;
			// An invite to another board than the one I asked for is not what I accepted.
			return boardId === row.boardId && isBoardSecret(secret) ? { boardId, secret } : null;
		} catch {
			return null;
		}
	}

	private sign(boardId: string, identity: StoredIdentity, input: JoinRequestInput) {
		const signer = deviceSigner(identity);
		const body = joinRequestBody(boardId, input, signer, this.now());
		return signJoinRequest(signer, body);
	}

	private requireIdentity(): StoredIdentity {
		if (!this.host.identity) throw new Error('no identity yet');
		return this.host.identity;
	}
}
