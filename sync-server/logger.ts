import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

/**
 * JSON logs on stderr, so stdout carries only the "listening on" line that scripts parse.
 * Synchronous writes: the last lines before an exit (shutdown, fatal error) must not be lost.
 */
export function createLogger(level: LogLevel): Logger {
	return pino(
		{ level, base: { service: 'quartier-relay' } },
		pino.destination({ dest: 2, sync: true })
	);
}
