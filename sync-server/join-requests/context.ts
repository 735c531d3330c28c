/**
 * What the join-request handlers run with: the store, the boards' facts, the limits. Budgets are
 * per socket address, never a header a client sets: requests and joins at
 * QUARTIER_JOIN_REQUESTS_PER_IP a minute; status polls and admins' calls, which an app repeats
 * (polling, an admin's list), at SIGNED_CALLS_FACTOR times that.
 */
import { createHmac } from 'node:crypto';
import type * as http from 'node:http';
import type { JoinRequestLimits } from '../config';
import type { InviteUses } from '../invites/use-store';
import { KeyedRateLimit } from '../rate-limit';
import type { BoardFacts } from './board-facts';
import { HttpError } from '../http-io';
import type { RequestStore } from './request-store';

export interface JoinContext {
	store: RequestStore;
	facts: BoardFacts;
	limits: JoinRequestLimits;
	/** Members let in by each invite link (counted at admission), for the admins' list. */
	inviteUses: InviteUses;
	/** Requests and joins per socket address. */
	perIp: KeyedRateLimit;
	/** Status polls and admins' calls per socket address. */
	signedCallsPerIp: KeyedRateLimit;
	now(): number;
}

export function joinContext(
	store: RequestStore,
	facts: BoardFacts,
	limits: JoinRequestLimits,
	inviteUses: InviteUses
): JoinContext {
	const perMinute = limits.perIpPerMinute;
	return {
		store,
		facts,
		limits,
		inviteUses,
		perIp: new KeyedRateLimit(perMinute / 60, perMinute),
		signedCallsPerIp: new KeyedRateLimit(
			(perMinute * SIGNED_CALLS_FACTOR) / 60,
			perMinute * SIGNED_CALLS_FACTOR
		),
		now: Date.now
	};
}

/** Six times the requests: a poll every ten seconds at the default, and an admin's list with it. */
export const SIGNED_CALLS_FACTOR = 6;

function take(bucket: KeyedRateLimit, perMinute: number, req: http.IncomingMessage): void {
	if (bucket.take(req.socket.remoteAddress ?? 'unknown')) return;
	// The body is not read: drop it so the answer reaches a client still sending.
	req.resume();
	throw new HttpError(429, 'rate-limited', 60 / perMinute);
}

/** Throws 429 `rate-limited` when the address asked or joined too often. */
export function takeRequest(ctx: JoinContext, req: http.IncomingMessage): void {
	take(ctx.perIp, ctx.limits.perIpPerMinute, req);
}

/** Throws 429 `rate-limited` when the address polled or called as admin too often. */
export function takeSignedCall(ctx: JoinContext, req: http.IncomingMessage): void {
	take(ctx.signedCallsPerIp, ctx.limits.perIpPerMinute * SIGNED_CALLS_FACTOR, req);
}

/** What a request row keeps of the requester's address: a keyed hash, to group abuse by. */
export async function addressHash(store: RequestStore, address: string): Promise<string> {
	const salt = await store.addressSalt();
	return createHmac('sha256', salt).update(address).digest('base64url');
}
