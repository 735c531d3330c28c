/**
 * Sends one push: the payload encrypted for the subscription (RFC 8291, aes128gcm) with a VAPID
 * JWT (RFC 8292), both made by the `web-push` library's generateRequestDetails, then posted with
 * fetch — web-push's own sendNotification only speaks https, and the tests' push service is plain
 * http on loopback. Never throws: the outcome says what the caller does with the subscription.
 */
import webpush from 'web-push';
import { endpointUrl, resolvesToPublic } from './endpoint';
import type { Urgency } from './held-pushes';
import type { PushPayload } from './payload';
import type { Subscription } from './subscription-store';
import type { VapidKeys } from './vapid-keys';

/** `gone`: the push service says the subscription no longer exists (404, 410): drop it. */
export type SendOutcome = { kind: 'sent' } | { kind: 'gone' } | { kind: 'failed'; reason: string };

/** 12 h: a push about a request is still worth showing after a night offline, not after days. */
export const PUSH_TTL_SECONDS = 12 * 60 * 60;
/** A push service that does not answer within 10 s is counted as failed; the relay moves on. */
const SEND_TIMEOUT_MS = 10_000;

export interface SenderOptions {
	vapid: VapidKeys;
	subject: string;
	allowInsecureEndpoints: boolean;
}

export async function sendPush(
	subscription: Subscription,
	payload: PushPayload,
	urgency: Urgency,
	options: SenderOptions
): Promise<SendOutcome> {
	const url = endpointUrl(subscription.endpoint, options.allowInsecureEndpoints);
	if (url === null || !(await resolvesToPublic(url, options.allowInsecureEndpoints))) {
		return { kind: 'failed', reason: 'endpoint-refused' };
	}
	let details: webpush.RequestDetails;
	try {
		details = webpush.generateRequestDetails(
			{
				endpoint: subscription.endpoint,
				keys: { p256dh: subscription.p256dh, auth: subscription.auth }
			},
			JSON.stringify(payload),
			{
				vapidDetails: {
					subject: options.subject,
					publicKey: options.vapid.publicKey,
					privateKey: options.vapid.privateKey
				},
				TTL: PUSH_TTL_SECONDS,
				urgency,
				contentEncoding: 'aes128gcm'
			}
		);
	} catch {
		// Keys that do not make a valid P-256 point: the subscription can never receive anything.
		return { kind: 'gone' };
	}
	try {
		const response = await fetch(details.endpoint, {
			method: details.method,
			headers: details.headers as Record<string, string>,
			body: details.body ?? undefined,
			// A redirect could lead to an address the endpoint check would refuse.
			redirect: 'manual',
			signal: AbortSignal.timeout(SEND_TIMEOUT_MS)
		});
		await response.body?.cancel();
		if (response.status >= 200 && response.status < 300) return { kind: 'sent' };
		if (response.status === 404 || response.status === 410) return { kind: 'gone' };
		return { kind: 'failed', reason: `status-${response.status}` };
	} catch (error) {
		const name = error instanceof Error ? error.name : 'error';
		return { kind: 'failed', reason: name === 'TimeoutError' ? 'timeout' : 'network' };
	}
}
