/**
 * The directory's HTTP API (issue 16): `/api/places`, `/api/places/<id>`, `/api/directory` and
 * `/api/directory/boards/<id>`. Answers come from the gazetteer and the index only: no request
 * ever loads a board. Each address gets its own token bucket, so one client cannot make the
 * relay search for everyone else.
 *
 * Places are asked of the gazetteer's worker: at most MAX_PLACE_LOOKUPS wait on it at once (a
 * flood from many addresses is refused, never queued without end), and a worker that cannot answer
 * makes those requests 503 `unavailable` while the rest of the API goes on.
 */
import type * as http from 'node:http';
import type { Logger } from 'pino';
import { ID_PATTERN } from '../../src/lib/sync/protocol';
import { KeyedRateLimit } from '../rate-limit';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { DirectoryQueries } from './directory-query';
import { GazetteerUnavailable, type Places } from './gazetteer-client';
import { parseDirectoryQuery, parsePlacesQuery } from './query-params';

type Handler = (
	res: http.ServerResponse,
	params: URLSearchParams,
	id: string
) => void | Promise<void>;

/**
 * Requests waiting on the gazetteer at once. A lookup takes well under a millisecond once loaded:
 * 64 is far more than a relay's honest load, and bounds what a flood holds in memory.
 */
export const MAX_PLACE_LOOKUPS = 64;

export interface DirectoryHttpOptions {
	queries: DirectoryQueries;
	places: Places;
	log: Logger;
	/** Per address, per second; bursts of four times that. */
	queriesPerIp: number;
	now?: () => number;
}

/** `handle` answers the request and returns true when the path is one of the directory's. */
export function directoryHttp(options: DirectoryHttpOptions) {
	const { queries } = options;
	const now = options.now ?? Date.now;
	const limit = new KeyedRateLimit(options.queriesPerIp, options.queriesPerIp * 4);
	const logError = rateLimitedLog(options.log, 'error');
	let lookups = 0;

	/** Runs a lookup unless too many already wait; null: refused, answer 503 `busy`. */
	const lookup = <T>(ask: (places: Places) => Promise<T>): Promise<T> | null => {
		if (lookups >= MAX_PLACE_LOOKUPS) return null;
		lookups++;
		return ask(options.places).finally(() => lookups--);
	};

	const routes: [RegExp, Handler][] = [
		[
			/^\/api\/places$/,
			async (res, params) => {
				const query = parsePlacesQuery(params);
				if (query === null) return sendError(res, 400, 'invalid');
				const places = lookup((p) => p.search(query.q, query.limit));
				if (places === null) return sendBusy(res);
				sendJson(res, 200, { places: await places });
			}
		],
		[
			/^\/api\/places\/([^/]*)$/,
			async (res, _params, id) => {
				if (!/^\d{1,10}$/.test(id)) return sendError(res, 400, 'invalid');
				const found = lookup((p) => p.byId(Number(id)));
				if (found === null) return sendBusy(res);
				const place = await found;
				if (place === null) return sendError(res, 404, 'not-found');
				sendJson(res, 200, place);
			}
		],
		[
			/^\/api\/directory$/,
			async (res, params) => {
				let busy = false;
				const query = await parseDirectoryQuery(params, (id) => {
					const found = lookup((p) => p.byId(id));
					busy = found === null;
					return found ?? Promise.resolve(null);
				});
				if (busy) return sendBusy(res);
				if (query === null) return sendError(res, 400, 'invalid');
				sendText(res, 200, await queries.searchJson(query, now()));
			}
		],
		[
			/^\/api\/directory\/boards\/([^/]*)$/,
			async (res, _params, id) => {
				if (!ID_PATTERN.test(id)) return sendError(res, 400, 'invalid');
				// Private and unknown boards get the same answer: nobody learns a private one exists.
				const entry = await queries.boardJson(id, now());
				if (entry === null) return sendError(res, 404, 'not-found');
				sendText(res, 200, entry);
			}
		]
	];

	return {
		handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
			const url = new URL(req.url ?? '/', 'http://relay.invalid');
			for (const [pattern, handler] of routes) {
				const match = pattern.exec(url.pathname);
				if (!match) continue;
				if (req.method !== 'GET') {
					sendError(res, 405, 'method-not-allowed', { Allow: 'GET' });
				} else if (!limit.take(req.socket.remoteAddress ?? 'unknown')) {
					sendError(res, 429, 'rate-limited', { 'Retry-After': '1' });
				} else {
					answer(res, handler(res, url.searchParams, decodeSegment(match[1])), logError);
				}
				return true;
			}
			return false;
		}
	};
}

/**
 * A gazetteer that cannot answer (gazetteer-client.ts) makes the request 503 `unavailable`: the
 * next one starts its worker again. Anything else is a bug, answered 500 as the relay does.
 */
function answer(
	res: http.ServerResponse,
	handled: void | Promise<void>,
	logError: RateLimitedLog
): void {
	handled?.catch((error: unknown) => {
		const unavailable = error instanceof GazetteerUnavailable;
		if (!unavailable) logError('directory-http', { err: error }, 'request failed');
		if (res.headersSent) res.destroy();
		else if (unavailable) sendError(res, 503, 'unavailable', { 'Retry-After': '1' });
		else sendError(res, 500, 'internal');
	});
}

function sendBusy(res: http.ServerResponse): void {
	sendError(res, 503, 'busy', { 'Retry-After': '1' });
}

function decodeSegment(segment: string | undefined): string {
	try {
		return decodeURIComponent(segment ?? '');
	} catch {
		return '';
	}
}

function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	sendText(res, status, JSON.stringify(body), headers);
}

/** `json` is JSON text already. */
function sendText(
	res: http.ServerResponse,
	status: number,
	json: string,
	headers: Record<string, string> = {}
): void {
	const bytes = Buffer.from(json);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': bytes.byteLength,
		'Cache-Control': 'no-store',
		...headers
	});
	res.end(bytes);
}

function sendError(
	res: http.ServerResponse,
	status: number,
	error: string,
	headers?: Record<string, string>
): void {
	sendJson(res, status, { error }, headers);
}
