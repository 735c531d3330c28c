/** What the join-request handlers run with: the store, the boards' facts, the limits. */
import { createHmac } from 'node:crypto';
import type { JoinRequestLimits } from '../config';
import { KeyedRateLimit } from '../rate-limit';
import type { BoardFacts } from './board-facts';
import type { RequestStore } from './request-store';

export interface JoinContext {
	store: RequestStore;
	facts: BoardFacts;
	limits: JoinRequestLimits;
	/** Requests and joins per socket address. */
	perIp: KeyedRateLimit;
	now(): number;
}

export function joinContext(
	store: RequestStore,
	facts: BoardFacts,
	limits: JoinRequestLimits
): JoinContext {
	const perMinute = limits.perIpPerMinute;
	return {
		store,
		facts,
		limits,
		perIp: new KeyedRateLimit(perMinute / 60, perMinute),
		now: Date.now
	};
}

/** Seconds until one more call from an address is allowed. */
export const retryAfterSeconds = (limits: JoinRequestLimits) => 60 / limits.perIpPerMinute;

/** What a request row keeps of the requester's address: a keyed hash, to group abuse by. */
export function addressHash(store: RequestStore, address: string): string {
	return createHmac('sha256', store.salt).update(address).digest('base64url');
}
