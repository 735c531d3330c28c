/**
 * The bodies of PUT and DELETE /api/boards/<id>/push (briefs/push.md), checked at the boundary:
 * an endpoint the relay may post to (endpoint.ts), the browser's keys (a P-256 point and a
 * 16-byte secret), a locale, an IANA time zone, quiet hours and a reminder lead among the
 * choices the app offers.
 */
import * as v from 'valibot';
import { REMINDER_LEAD_CHOICES_MS } from '../../src/lib/domain/notify/notice';
import { endpointUrl, MAX_ENDPOINT_CHARS } from './endpoint';
import { isTimeZone, minutesOf } from './quiet-hours';
import type { PushLocale, QuietHours } from './subscription-store';

const base64url = (bytes: number) =>
	v.pipe(
		v.string(),
		v.regex(/^[A-Za-z0-9_-]+={0,2}$/),
		v.check((s) => Buffer.from(s, 'base64url').byteLength === bytes)
	);

const hhmm = v.pipe(
	v.string(),
	v.check((s) => minutesOf(s) !== null)
);

const LEAD_MINUTES = REMINDER_LEAD_CHOICES_MS.map((ms) => ms / 60_000);

const PutShape = v.object({
	subscription: v.object({
		endpoint: v.pipe(v.string(), v.maxLength(MAX_ENDPOINT_CHARS)),
		// An uncompressed P-256 point, and the 16-byte auth secret (RFC 8291).
		keys: v.object({ p256dh: base64url(65), auth: base64url(16) })
	}),
	locale: v.picklist(['fr', 'en']),
	timeZone: v.pipe(v.string(), v.maxLength(64), v.check(isTimeZone)),
	quietHours: v.nullable(v.object({ from: hhmm, to: hhmm })),
	reminderLeadMinutes: v.pipe(
		v.number(),
		v.check((n) => LEAD_MINUTES.includes(n))
	)
});

const DeleteShape = v.object({ endpoint: v.pipe(v.string(), v.maxLength(MAX_ENDPOINT_CHARS)) });

export interface SubscriptionSettings {
	endpoint: string;
	p256dh: string;
	auth: string;
	locale: PushLocale;
	timeZone: string;
	quietHours: QuietHours | null;
	reminderLeadMinutes: number;
}

/** The settings, or null when the body is not one the relay accepts. */
export function parsePutBody(raw: unknown, allowInsecure: boolean): SubscriptionSettings | null {
	const parsed = v.safeParse(PutShape, raw);
	if (!parsed.success) return null;
	const { subscription, locale, timeZone, quietHours, reminderLeadMinutes } = parsed.output;
	if (endpointUrl(subscription.endpoint, allowInsecure) === null) return null;
	return {
		endpoint: subscription.endpoint,
		p256dh: subscription.keys.p256dh,
		auth: subscription.keys.auth,
		locale,
		timeZone,
		quietHours,
		reminderLeadMinutes
	};
}

export function parseDeleteBody(raw: unknown): string | null {
	const parsed = v.safeParse(DeleteShape, raw);
	return parsed.success ? parsed.output.endpoint : null;
}
