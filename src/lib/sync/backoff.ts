/**
 * Reconnect delays: exponential with "full jitter" (a uniformly random delay up to the capped
 * exponential), so that after a relay restart thousands of phones do not retry in lockstep —
 * y-websocket's own backoff has no jitter (STACK-NOTES).
 */
/** First retry within half a second: a brief blip should feel instant. */
export const BASE_DELAY_MS = 500;
/** A phone retries at least every 30 s while it believes it is online. */
export const MAX_DELAY_MS = 30_000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
	// Never below 100 ms, so a tight loop cannot hammer the relay even with random() = 0.
	return Math.max(100, Math.round(random() * ceiling));
}
