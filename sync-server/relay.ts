/**
 * The relay: one HTTP server for the built PWA, /healthz and the websocket sync endpoint, with
 * rooms persisted in SQLite. `startRelay` is what main.ts runs and what tests may embed.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
	CLOSE_BAD_REQUEST,
	CLOSE_BAD_TOKEN,
	CLOSE_CLIENT_ID_TAKEN,
	CLOSE_RESTART
} from '../src/lib/sync/protocol';
import { authenticate } from './authenticate';
import { KeyedRateLimit } from './rate-limit';
import type { RelayConfig } from './config';
import { Connection, type ConnectionContext } from './connection';
import { createLogger } from './logger';
import { rateLimitedLog } from './rate-limited-log';
import { createMetrics } from './metrics';
import { storedBoardPolicies } from './policy/board-policy';
import { tokenOpensRoom } from './policy/room-access';
import { Rooms } from './rooms';
import { sendText, staticFiles } from './static-files';
import { openStorage } from './storage';
import { parseSyncUrl, type SyncTarget } from './sync-url';

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
	const storage = openStorage(config.dataDir);
	// maxPayload makes ws close just the offending socket with 1009 before buffering the frame.
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });
	const metrics = createMetrics({
		connections: () => wss.clients.size,
		rooms: () => rooms.size
	});
	const rooms = new Rooms(
		storage,
		config.roomIdleMs,
		log,
		config.limits.maxDocBytes,
		metrics,
		storedBoardPolicies(storage, log)
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
	// Keyed on the socket's address, never on headers a client could set.
	const newConnections = new KeyedRateLimit(
		limits.connectionsPerSecondPerIp,
		limits.connectionsPerSecondPerIp * 4
	);
	const serveStatic = staticFiles(config.staticDir, log);

	const server = http.createServer((req, res) => {
		const path = (req.url ?? '').split('?', 1)[0];
		try {
			if (path === '/healthz') {
				sendJson(res, 200, { ok: true, rooms: rooms.size, connections: wss.clients.size });
			} else if (path === '/readyz') {
				// Load balancers stop sending new phones here as soon as a shutdown begins.
				sendJson(res, closing ? 503 : 200, { ready: !closing });
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
			} else {
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
			onConnection(ws, target).catch((error: unknown) => {
				logError('admission', { err: error }, 'could not admit a connection');
				ws.close(CLOSE_INTERNAL_ERROR, 'internal error');
			});
		});
	});

	async function onConnection(ws: WebSocket, target: SyncTarget): Promise<void> {
		ws.on('error', (error) => warn('ws-error', { err: error }, 'websocket error'));
		// y-websocket greets as soon as the socket opens: hold those frames while we look the room
		// up, or they would be lost and the client would wait for an answer forever.
		const received: RawData[] = [];
		const hold = (data: RawData) => received.push(data);
		ws.on('message', hold);
		if (!target.valid) {
			metrics.authFailures.inc({ reason: 'bad-request' });
			warn('bad-request', {}, 'refused a malformed room id or token');
			ws.close(CLOSE_BAD_REQUEST, 'bad room id or token');
			return;
		}
		// Nothing may be sent before this check: a wrong token learns nothing about the room.
		if (!(await tokenOpensRoom(storage, target.roomId, target.token))) {
			metrics.authFailures.inc({ reason: 'bad-token' });
			warn('bad-token', { room: target.roomId }, 'refused a wrong token');
			ws.close(CLOSE_BAD_TOKEN, 'bad token');
			return;
		}
		ws.off('message', hold);
		const auth = await authenticate(
			ws,
			target.roomId,
			{ timeoutMs: limits.authTimeoutMs, maxBytes: limits.authMaxBytes },
			received
		);
		if (auth === null) {
			metrics.authFailures.inc({ reason: 'no-valid-proof' });
			warn('auth-failed', { room: target.roomId }, 'no valid member proof');
			return;
		}
		// Nothing is awaited from here to the connection's start: frames would be lost meanwhile.
		if (closing || ws.readyState !== ws.OPEN) return;
		const { memberId, clientId, publicKey: deviceKey, chain } = auth.proof;
		const room = rooms.open(target.roomId);
		const refusal = room.policy.refusal({ memberId, deviceKey, chain });
		if (refusal !== null) {
			metrics.authFailures.inc({ reason: refusal.kind });
			if (refusal.kind === 'device-removed') {
				warn('device-removed', { room: target.roomId }, refusal.reason);
			}
			ws.close(refusal.code, refusal.reason);
		} else if (!room.policy.bindClient(clientId, memberId)) {
			metrics.authFailures.inc({ reason: 'client-id-taken' });
			ws.close(CLOSE_CLIENT_ID_TAKEN, 'client id belongs to another member');
		} else {
			new Connection(ws, room, ctx, { memberId, clientId, deviceKey, chain }).start(auth.early);
			return;
		}
		rooms.released(room);
	}

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
		await rooms.unloadAll();
		await storage.close();
		await httpClosed;
		log.info('stopped');
	}
	return {
		port,
		close: () => (closed ??= shutdown())
	};
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
