/**
 * Web Push on this device (issue 17): opt in, preferences, opt out, and keeping every board's
 * relay in step. What the relay should hold is computed from the stored choice and my boards;
 * `sync()` sends the difference (PUT for each board whose body changed or that was joined since,
 * DELETE for each board left or when I opt out), one call at a time, and keeps what was sent in
 * Dexie. Offline, or with the relay down, nothing is lost: the next tick or `online` event sends
 * it (repeat-online.ts).
 */
import type { QuartierDb, StoredIdentity } from '$lib/persistence/db';
import {
	loadPush,
	savePush,
	type PushPreferences,
	type StoredPush
} from '$lib/persistence/push-settings';
import { DEFAULT_REMINDER_LEAD_MS } from '$lib/domain/notify/notice';
import {
	isTransientPushError,
	type PushApi,
	type PushEndpoint,
	type PushSubscriptionBody
} from '$lib/sync/push-api';
import { deviceSigner } from './device-signer';
import { repeatWhileWaiting } from './repeat-online';

/** While something waits to be sent and the relay did not answer: try again this often. */
export const PUSH_RETRY_MS = 60_000;

export type PushStatus = 'off' | 'on' | 'working' | 'unavailable' | 'denied' | 'unsupported';

/** The browser's side, injected so tests can stand in for Notification and PushManager. */
export interface PushBrowser {
	supported(): boolean;
	requestPermission(): Promise<NotificationPermission>;
	/** This origin's service worker registration's push manager, or null when there is none. */
	pushManager(): Promise<Pick<PushManager, 'subscribe' | 'getSubscription'> | null>;
	locale(): 'fr' | 'en';
	timeZone(): string;
}

export interface PushHost {
	readonly db: QuartierDb;
	readonly identity: StoredIdentity | null;
	readonly boards: readonly { id: string }[];
	readonly reportError: (error: unknown) => void;
}

const DEFAULTS: StoredPush = {
	enabled: false,
	subscription: null,
	quietHours: null,
	reminderLeadMinutes: DEFAULT_REMINDER_LEAD_MS / 60_000,
	sent: {}
};

export class PushService {
	status = $state<PushStatus>('off');
	preferences = $state.raw<PushPreferences>({
		quietHours: DEFAULTS.quietHours,
		reminderLeadMinutes: DEFAULTS.reminderLeadMinutes
	});
	/** Boards whose relay does not hold my current choice yet ("envoyés dès que…"). */
	unsent = $state(0);

	private stored: StoredPush = DEFAULTS;
	private readonly loaded: Promise<void>;
	private syncing: Promise<void> | null = null;
	private again = false;

	constructor(
		private readonly host: PushHost,
		private readonly api: PushApi,
		private readonly browser: PushBrowser,
		private readonly now: () => number = Date.now
	) {
		this.loaded = loadPush(host.db, DEFAULTS).then((stored) => {
			this.stored = stored;
			this.preferences = {
				quietHours: stored.quietHours,
				reminderLeadMinutes: stored.reminderLeadMinutes
			};
			this.status = !browser.supported() ? 'unsupported' : stored.enabled ? 'on' : 'off';
			this.unsent = this.plan().length;
		});
	}

	/** Sends what waits on load, every minute while something does, and when back online. */
	start(): () => void {
		return repeatWhileWaiting(
			() => void this.sync(),
			PUSH_RETRY_MS,
			this.loaded,
			this.host.reportError
		);
	}

	/** Asks permission (only now, on the button), subscribes, then tells every board's relay. */
	async enable(): Promise<void> {
		await this.loaded;
		if (!this.browser.supported()) {
			this.status = 'unsupported';
			return;
		}
		this.status = 'working';
		try {
			const permission = await this.browser.requestPermission();
			if (permission !== 'granted') {
				this.status = 'denied';
				return;
			}
			const manager = await this.browser.pushManager();
			if (!manager) throw new Error('no service worker');
			const key = await this.api.publicKey();
			const subscription = await manager.subscribe({
				userVisibleOnly: true,
				applicationServerKey: key
			});
			const endpoint = subscription.toJSON() as PushEndpoint;
			if (!endpoint.endpoint || !endpoint.keys?.p256dh || !endpoint.keys.auth)
				throw new Error('subscription without keys');
			await this.save({ ...this.stored, enabled: true, subscription: endpoint });
		} catch (error) {
			// No push service reachable (headless, offline, blocked), or the relay has push off.
			console.warn('push subscription failed', error);
			this.status = 'unavailable';
			return;
		}
		this.status = 'on';
		await this.sync();
	}

	/** Off: every board's relay forgets this device (now or once reachable), then the browser does. */
	async disable(): Promise<void> {
		await this.loaded;
		await this.save({ ...this.stored, enabled: false });
		this.status = this.browser.supported() ? 'off' : 'unsupported';
		await this.sync();
		try {
			const manager = await this.browser.pushManager();
			await (await manager?.getSubscription())?.unsubscribe();
		} catch (error) {
			this.host.reportError(error);
		}
	}

	async setPreferences(preferences: PushPreferences): Promise<void> {
		await this.loaded;
		this.preferences = preferences;
		await this.save({ ...this.stored, ...preferences });
		await this.sync();
	}

	/** One sync at a time; a call during one runs exactly one more after it (a board joined). */
	sync(): Promise<void> {
		if (this.syncing) {
			this.again = true;
			return this.syncing;
		}
		this.syncing = this.loaded
			.then(() => this.sendAll())
			.catch(this.host.reportError)
			.finally(() => {
				this.syncing = null;
				if (this.again) {
					this.again = false;
					void this.sync();
				}
			});
		return this.syncing;
	}

	/** The calls that would bring every relay in step: PUT a body, or DELETE an endpoint. */
	private plan(): { boardId: string; body: string | null; endpoint: string }[] {
		const { enabled, subscription, sent } = this.stored;
		const want = new Map<string, string>();
		if (enabled && subscription) {
			for (const board of this.host.boards)
				want.set(board.id, JSON.stringify(this.bodyFor(subscription)));
		}
		const calls: { boardId: string; body: string | null; endpoint: string }[] = [];
		for (const [boardId, body] of want) {
			const done = sent[boardId];
			if (done?.body === body && done.endpoint === subscription?.endpoint) continue;
			if (done && done.endpoint !== subscription?.endpoint && !done.refused)
				calls.push({ boardId, body: null, endpoint: done.endpoint });
			calls.push({ boardId, body, endpoint: subscription!.endpoint });
		}
		for (const [boardId, done] of Object.entries(sent)) {
			if (!want.has(boardId)) calls.push({ boardId, body: null, endpoint: done.endpoint });
		}
		return calls;
	}

	private bodyFor(subscription: PushEndpoint): PushSubscriptionBody {
		return {
			subscription,
			locale: this.browser.locale(),
			timeZone: this.browser.timeZone(),
			quietHours: this.stored.quietHours,
			reminderLeadMinutes: this.stored.reminderLeadMinutes
		};
	}

	private async sendAll(): Promise<void> {
		const identity = this.host.identity;
		const calls = this.plan();
		this.unsent = calls.length;
		if (!identity || calls.length === 0) return;
		const signer = deviceSigner(identity);
		for (const call of calls) {
			const sent = { ...this.stored.sent };
			try {
				if (call.body === null) {
					await this.api.unsubscribe(signer, call.boardId, call.endpoint, this.now());
					delete sent[call.boardId];
				} else {
					await this.api.subscribe(signer, call.boardId, JSON.parse(call.body), this.now());
					sent[call.boardId] = { endpoint: call.endpoint, body: call.body };
				}
			} catch (error) {
				if (isTransientPushError(error)) break;
				// Not a member there (removed), or a body the relay refuses: asking again changes nothing.
				if (call.body === null) delete sent[call.boardId];
				else sent[call.boardId] = { endpoint: call.endpoint, body: call.body, refused: true };
			}
			await this.save({ ...this.stored, sent });
		}
		this.unsent = this.plan().length;
	}

	private async save(next: StoredPush): Promise<void> {
		this.stored = next;
		await savePush(this.host.db, next);
	}
}
