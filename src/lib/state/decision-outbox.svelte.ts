/**
 * An admin's decisions on join requests, queued on the phone (issue 16): taken offline like any
 * other edit, sent as soon as the relay is reachable, and shown "pas encore envoyée" until the
 * relay answered. The relay takes the same decision twice, so a decision sent but unanswered (the
 * connection dropped) is simply sent again.
 */
import type { QuartierDb, QueuedDecisionRow, StoredIdentity } from '$lib/persistence/db';
import * as outbox from '$lib/persistence/decision-outbox';
import { DirectoryError, isTransient, type DirectoryClient } from '$lib/sync/directory-client';
import { deviceSigner } from './device-signer';
import { repeatWhileWaiting } from './repeat-online';

/** While decisions wait and the browser says online but the relay did not answer: try again. */
export const RETRY_MS = 30_000;

export interface OutboxHost {
	readonly db: QuartierDb;
	readonly identity: StoredIdentity | null;
	readonly online: boolean;
	readonly directory: DirectoryClient;
	readonly reportError: (error: unknown) => void;
}

export class DecisionOutbox {
	queued = $state.raw<QueuedDecisionRow[]>([]);
	/** Decisions the relay took since the app started: lists of requests re-read when it grows. */
	sent = $state(0);
	private sending: Promise<void> | null = null;
	private again: Promise<void> | null = null;

	constructor(
		private readonly host: OutboxHost,
		private readonly now: () => number = Date.now
	) {}

	async load(): Promise<void> {
		this.queued = await outbox.queuedDecisions(this.host.db);
	}

	/** Queues a decision and tries to send it at once. */
	async queue(row: Omit<QueuedDecisionRow, 'queuedAt' | 'failure'>): Promise<void> {
		await outbox.queueDecision(this.host.db, { ...row, queuedAt: this.now(), failure: null });
		await this.load();
		this.flush().catch(this.host.reportError);
	}

	/**
	 * Sends what waits, oldest first. One run at a time; asked during a run, it resolves after
	 * exactly one more run, which sees what was queued meanwhile.
	 */
	flush(): Promise<void> {
		if (this.sending) {
			this.again ??= this.sending.then(() => {
				this.again = null;
				return this.flush();
			});
			return this.again;
		}
		this.sending = this.sendAll().finally(() => (this.sending = null));
		return this.sending;
	}

	start(): () => void {
		const tick = () => {
			if (this.host.online && this.queued.some((r) => !r.failure))
				this.flush().catch(this.host.reportError);
		};
		return repeatWhileWaiting(tick, RETRY_MS, this.load(), this.host.reportError);
	}

	private async sendAll(): Promise<void> {
		const identity = this.host.identity;
		if (!identity || !this.host.online) return;
		const signer = deviceSigner(identity);
		const { db, directory } = this.host;
		for (const row of await outbox.queuedDecisions(db)) {
			if (row.failure) continue;
			try {
				if (row.action === 'block')
					await directory.block(signer, row.boardId, row.requestId, this.now());
				else if (row.decision)
					await directory.decide(signer, row.boardId, row.requestId, row.decision, this.now());
				await outbox.markSent(db, row.requestId, row.queuedAt);
				this.sent++;
			} catch (error) {
				if (isTransient(error)) break;
				if (!(error instanceof DirectoryError)) throw error;
				// Another admin decided otherwise, or I am no longer admin: shown, never retried.
				await outbox.markFailed(db, row.requestId, error.code);
			}
		}
		await this.load();
	}
}
