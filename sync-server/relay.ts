/**
 * The relay: one HTTP server for the built PWA, /healthz, join requests (join-requests/), Web
 * Push (push/), photos (blobs/) and the
 * websocket sync endpoint, with rooms persisted in SQLite. `startRelay` is what main.ts runs and what tests may embed; it wires
 * storage, rooms and their policy (policy/), hands each upgraded socket to admission.ts, and
 * shuts down in order.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { CLOSE_RESTART } from '../src/lib/sync/protocol';
import { admitConnection, type AdmissionContext } from './admission';
import { KeyedRateLimit } from './rate-limit';
import type { RelayConfig } from './config';
import type { ConnectionContext } from './connection';
import { InviteUses } from './invites/use-store';
import { mountBlobs } from './blobs/http';
import { joinRequestsHttp } from './join-requests/http';
import { mountDirectory } from './directory/mount';
import { mountPush } from './push/mount';
import { createLogger } from './logger';
import { rateLimitedLog } from './rate-limited-log';
import { createMetrics } from './metrics';
import { storedBoardPolicies } from './policy/board-policy';
import { Rooms } from './rooms';
import { sendText, staticFiles } from './static-files';
import { openStorage, type Storage } from './storage';
import { SINGLE_INSTANCE, type Fanout } from './fanout/fanout';
import { parseSyncUrl } from './sync-url';

export interface Relay {
	port: number;
	/** Stops accepting, closes clients with 1012 "restart", compacts loaded rooms, closes SQLite. */
	close(): Promise<void>;
}

/** Clients get this long to answer our close frame before their sockets are cut. */
const CLIENT_CLOSE_GRACE_MS = 2000;
const CLOSE_INTERNAL_ERROR = 1011;

export async function startRelay(
	config: RelayConfig,
	log: Logger = createLogger(config.logLevel)
): Promise<Relay> {
	const storage =
		config.databaseUrl === null
			? openStorage(config.dataDir)
			: // Loaded only when asked for: the embedded relay never loads the PostgreSQL client.
				await (await import('./pg-storage/pg-storage')).openPgStorage(config.databaseUrl);
	// maxPayload makes ws close just the offending socket with 1009 before buffering the frame.
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });
	const metrics = createMetrics(
		{ connections: () => wss.clients.size, rooms: () => rooms.size },
		config.instanceId
	);
	const fanout =
		config.redisUrl === null
			? SINGLE_INSTANCE
			: new (await import('./fanout/redis-fanout')).RedisFanout(
					config.redisUrl,
					config.instanceId,
					log,
					{
						published: (kind) => metrics.fanoutPublished.inc({ kind }),
						received: (kind) => metrics.fanoutReceived.inc({ kind }),
						resynced: () => metrics.fanoutResyncs.inc()
					}
				);
	const rooms = new Rooms(
		storage,
		config.roomIdleMs,
		log,
		config.limits.maxDocBytes,
		metrics,
		storedBoardPolicies(storage, log),
		config.compactAfterRows,
		fanout
	);
	const warn = rateLimitedLog(log, 'warn');
	const logError = rateLimitedLog(log, 'error');
	let closing = false;
	const { limits } = config;
	const ctx: ConnectionContext = {
		rooms,
		limits,
		metrics,
		log,
		warn,
		error: logError,
		isClosing: () => closing
	};
	const inviteUses = new InviteUses(storage.sql, log, storage.shared);
	const admission: AdmissionContext = {
		storage,
		inviteUses,
		now: Date.now,
		metrics,
		auth: { timeoutMs: limits.authTimeoutMs, maxBytes: limits.authMaxBytes },
		connection: ctx
	};
	// Keyed on the socket's address, never on headers a client could set.
	const newConnections = new KeyedRateLimit(
		limits.connectionsPerSecondPerIp,
		limits.connectionsPerSecondPerIp * 4
	);
	const serveStatic = staticFiles(config.staticDir, log);
	const joinRequests = joinRequestsHttp(
		rooms,
		storage,
		inviteUses,
		config.joinRequests,
		log,
		() => closing
	);
	const directory = mountDirectory(storage, rooms, config.directory, log);
	const push = await mountPush({
		config: config.push,
		dataDir: config.dataDir,
		storage,
		rooms,
		metrics,
		log,
		isClosing: () => closing
	});
	const blobs = mountBlobs({
		config: config.blobs,
		rooms,
		storage,
		log,
		isClosing: () => closing,
		shared: fanout !== SINGLE_INSTANCE
	});

	const server = http.createServer((req, res) => {
		const path = (req.url ?? '').split('?', 1)[0];
		try {
			if (path === '/healthz') {
				sendJson(res, 200, { ok: true, rooms: rooms.size, connections: wss.clients.size });
			} else if (path === '/readyz') {
				// Load balancers stop sending new phones here as soon as a shutdown begins, or while
				// the shared database or Redis does not answer.
				void readiness(closing, storage, fanout).then((problems) =>
					sendJson(res, problems.length > 0 ? 503 : 200, { ready: problems.length === 0, problems })
				);
			} else if (path === '/metrics') {
				metrics.registry.metrics().then(
					(text) => {
						res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
						res.end(text);
					},
					(error: unknown) => {
						logError('metrics', { err: error }, 'metrics failed');
						sendText(res, 500, 'Internal error');
					}
				);
			} else if (
				!directory.handle(req, res) &&
				!push.handle(req, res) &&
				!blobs.handle(req, res) &&
				!joinRequests(req, res)
			) {
				serveStatic(req, res);
			}
		} catch (error) {
			logError('http', { err: error, url: req.url }, 'request failed');
			if (!res.headersSent) sendText(res, 500, 'Internal error');
			else res.destroy();
		}
	});

	server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', (error: NodeJS.ErrnoException) => {
			// A phone that loses its network resets the connection: routine, not worth a warning.
			if (error.code === 'ECONNRESET' || error.code === 'EPIPE')
				log.debug({ err: error }, 'peer reset');
			else warn('socket-error', { err: error }, 'socket error');
		});
		if (closing) {
			socket.destroy();
			return;
		}
		const target = parseSyncUrl(req.url ?? '');
		if (target === null) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		if (!newConnections.take(req.socket.remoteAddress ?? 'unknown')) {
			metrics.authFailures.inc({ reason: 'connection-rate' });
			warn('connection-rate', { ip: req.socket.remoteAddress }, 'too many new connections');
			socket.end(
				'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
			);
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			admitConnection(ws, target, admission).catch((error: unknown) => {
				logError('admission', { err: error }, 'could not admit a connection');
				ws.close(CLOSE_INTERNAL_ERROR, 'internal error');
			});
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	server.on('error', (error) => log.error({ err: error }, 'http server error'));
	const { port } = server.address() as AddressInfo;
	log.info({ host: config.host, port, data: config.dataDir, static: config.staticDir }, 'started');

	let closed: Promise<void> | undefined;
	async function shutdown(): Promise<void> {
		closing = true;
		const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
		server.closeIdleConnections();
		for (const ws of wss.clients) ws.close(CLOSE_RESTART, 'restart');
		await waitUntil(() => wss.clients.size === 0, CLIENT_CLOSE_GRACE_MS);
		for (const ws of wss.clients) ws.terminate();
		server.closeAllConnections();
		// Unloading indexes each board one last time, before storage flushes and closes.
		await rooms.unloadAll();
		// Side by side: each may wait a few seconds for work in flight.
		await Promise.all([directory.close(), push.close(), blobs.close()]);
		await Promise.all([storage.close(), fanout.close()]);
		await httpClosed;
		log.info('stopped');
	}
	return {
		port,
		close: () => (closed ??= shutdown())
	};
}

const READY_PROBE_MS = 1000;

/** Why this instance should not get new phones now; empty when it should. */
async function readiness(closing: boolean, storage: Storage, fanout: Fanout): Promise<string[]> {
	if (closing) return ['closing'];
	const database = Promise.race([
		storage.ping().then(() => null),
		new Promise<string>((resolve) =>
			setTimeout(() => resolve('database: no answer'), READY_PROBE_MS).unref()
		)
	]).catch((error: unknown) => `database: ${(error as Error).message}`);
	const problems = await Promise.all([database, fanout.problem()]);
	return problems.filter((problem): problem is string => problem !== null);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
	res.end(JSON.stringify(body));
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!done() && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
