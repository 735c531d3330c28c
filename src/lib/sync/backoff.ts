/**
 * Reconnect delays: exponential with "full jitter" (uniform between a floor and the capped
 * exponential), so that after a relay restart thousands of phones do not retry in lockstep —
 * y-websocket's own backoff has no jitter (STACK-NOTES).
 */
/**
 * The first retry lands anywhere in the first second: a brief blip still feels quick, and a relay
 * that restarts under 2,000 phones sees about a tenth of them per 100 ms, never a wave.
 */
export const BASE_DELAY_MS = 1000;
/** A phone retries at least every 30 s while it believes it is online. */
export const MAX_DELAY_MS = 30_000;
/** Never sooner than this, so a tight loop cannot hammer the relay. */
export const MIN_DELAY_MS = 100;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
	return Math.round(MIN_DELAY_MS + random() * (ceiling - MIN_DELAY_MS));
}
