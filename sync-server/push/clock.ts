/**
 * Push's clock: the system's, or in tests the time written in QUARTIER_PUSH_CLOCK_FILE, so a
 * test moves the relay to a reminder's due time or past quiet hours without waiting hours. Only
 * push reads it; signed calls keep the real clock.
 */
import * as fs from 'node:fs';

export type Clock = () => number;

export function pushClock(clockFile: string | null): Clock {
	if (clockFile === null) return Date.now;
	return () => {
		try {
			const value = Number(fs.readFileSync(clockFile, 'utf8').trim());
			return Number.isFinite(value) && value > 0 ? value : Date.now();
		} catch {
			return Date.now();
		}
	};
}
