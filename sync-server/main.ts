/**
 * Entry point: `tsx sync-server/main.ts`. Configuration comes from the environment (config.ts);
 * stdout gets exactly one line, the URL, which scripts and tests parse.
 */
import { ConfigError, readConfig, type RelayConfig } from './config';
import { createLogger } from './logger';
import { startRelay, type Relay } from './relay';

/** SIGTERM must end the process within a few seconds even if something hangs. */
const SHUTDOWN_DEADLINE_MS = 5000;

let config: RelayConfig;
try {
	config = readConfig();
} catch (error) {
	if (!(error instanceof ConfigError)) throw error;
	process.stderr.write(`quartier relay: invalid configuration: ${error.message}\n`);
	process.exit(1);
}

const log = createLogger(config.logLevel);
let relay: Relay;
try {
	relay = await startRelay(config, log);
} catch (error) {
	log.fatal({ err: error }, 'could not start');
	process.exit(1);
}

const host = config.host.includes(':') ? `[${config.host}]` : config.host;
process.stdout.write(`Quartier relay listening on http://${host}:${relay.port}\n`);

let stopping = false;
function stop(reason: string, exitCode: number): void {
	if (stopping) return;
	stopping = true;
	log.info({ reason }, 'shutting down');
	setTimeout(() => {
		log.error('shutdown deadline passed, exiting anyway');
		process.exit(1);
	}, SHUTDOWN_DEADLINE_MS).unref();
	relay.close().then(
		() => process.exit(exitCode),
		(error: unknown) => {
			log.fatal({ err: error }, 'shutdown failed');
			process.exit(1);
		}
	);
}

process.on('SIGTERM', () => stop('SIGTERM', 0));
process.on('SIGINT', () => stop('SIGINT', 0));
// Handlers catch what clients can cause; reaching this is a relay bug. Flush and exit rather than
// keep serving from a state nobody reasoned about.
process.on('uncaughtException', (error) => {
	log.fatal({ err: error }, 'uncaught exception');
	stop('uncaughtException', 1);
});
process.on('unhandledRejection', (error) => {
	log.fatal({ err: error }, 'unhandled rejection');
	stop('unhandledRejection', 1);
});
