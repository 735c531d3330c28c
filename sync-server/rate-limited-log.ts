/**
 * A client that sends garbage in a loop must not be able to fill the disk with our error logs:
 * each kind of error is logged at most LIMIT times per window, then summarised once.
 */
import type { Logger } from 'pino';

const LIMIT = 10;
const WINDOW_MS = 10_000;

interface Window {
	start: number;
	logged: number;
	dropped: number;
}

export type RateLimitedLog = (
	kind: string,
	details: Record<string, unknown>,
	message: string
) => void;

export function rateLimitedLog(logger: Logger, level: 'warn' | 'error' = 'warn'): RateLimitedLog {
	const windows = new Map<string, Window>();
	return (kind, details, message) => {
		const now = Date.now();
		let w = windows.get(kind);
		if (w === undefined || now - w.start >= WINDOW_MS) {
			if (w !== undefined && w.dropped > 0) {
				logger[level]({ kind, dropped: w.dropped }, 'similar log lines were dropped');
			}
			w = { start: now, logged: 0, dropped: 0 };
			windows.set(kind, w);
		}
		if (w.logged < LIMIT) {
			w.logged++;
			logger[level]({ kind, ...details }, message);
		} else {
			w.dropped++;
		}
	};
}
