/**
 * The relay's Web Push API (issue 17, the push contract): its VAPID key, and this device's
 * subscription on each board, PUT and DELETEd with calls signed like an admin's
 * (`adminAuthorization`). No DOM, no storage: state/push.svelte.ts decides when to call.
 * Failures are a `PushApiError` with the relay's error code, `unreachable` (no answer) or
 * `http-<status>` / `bad-answer`.
 */
import { adminAuthorization, type DeviceSigner } from './signed-calls';

/** What a browser's `PushSubscription.toJSON()` holds that the relay needs. */
export interface PushEndpoint {
	endpoint: string;
	keys: { p256dh: string; auth: string };
}

export interface QuietHours {
	/** "HH:MM", in `timeZone`. */
	from: string;
	to: string;
}

/** The body of `PUT /api/boards/:boardId/push`. */
export interface PushSubscriptionBody {
	subscription: PushEndpoint;
	locale: 'fr' | 'en';
	timeZone: string;
	quietHours: QuietHours | null;
	reminderLeadMinutes: number;
}

export class PushApiError extends Error {
	constructor(readonly code: string) {
		super(`push call failed: ${code}`);
		this.name = 'PushApiError';
	}
}

/** True when the same call may work later (no network, relay busy or down, rate-limited). */
export function isTransientPushError(error: unknown): boolean {
	return (
		!(error instanceof PushApiError) ||
		error.code === 'unreachable' ||
		error.code === 'rate-limited' ||
		error.code === 'http-429' ||
		/^http-5/.test(error.code)
	);
}

type Fetch = typeof fetch;

export class PushApi {
	constructor(
		private readonly relayUrl: string,
		private readonly fetchImpl: Fetch = (...args) => fetch(...args)
	) {}

	/** The relay's VAPID application server key (base64url); `unavailable` when push is off. */
	async publicKey(): Promise<string> {
		const response = await this.call('GET', '/api/push/key');
		const json = (await response.json().catch(() => null)) as { publicKey?: unknown } | null;
		if (typeof json?.publicKey !== 'string' || json.publicKey === '')
			throw new PushApiError('bad-answer');
		return json.publicKey;
	}

	async subscribe(
		signer: DeviceSigner,
		boardId: string,
		body: PushSubscriptionBody,
		at: number
	): Promise<void> {
		await this.signed(signer, boardId, 'PUT', JSON.stringify(body), at);
	}

	async unsubscribe(
		signer: DeviceSigner,
		boardId: string,
		endpoint: string,
		at: number
	): Promise<void> {
		await this.signed(signer, boardId, 'DELETE', JSON.stringify({ endpoint }), at);
	}

	private async signed(
		signer: DeviceSigner,
		boardId: string,
		method: 'PUT' | 'DELETE',
		body: string,
		at: number
	): Promise<void> {
		const path = `/api/boards/${encodeURIComponent(boardId)}/push`;
		const authorization = await adminAuthorization(signer, { boardId, method, path, body, at });
		await this.call(method, path, body, { authorization, 'content-type': 'application/json' });
	}

	private async call(
		method: string,
		path: string,
		body?: string,
		headers: Record<string, string> = {}
	): Promise<Response> {
		let response: Response;
		try {
			// Not an inline literal: `cache` is a browser field that Node's RequestInit type lacks,
			// and the relay's tests run this client against the real relay.
			const init = { method, body, headers, cache: 'no-store' as const };
			response = await this.fetchImpl(new URL(path, this.relayUrl), init);
		} catch {
			throw new PushApiError('unreachable');
		}
		if (response.ok) return response;
		const json = (await response.json().catch(() => null)) as { error?: unknown } | null;
		throw new PushApiError(
			typeof json?.error === 'string' ? json.error : `http-${response.status}`
		);
	}
}
