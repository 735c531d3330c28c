/**
 * The directory's HTTP API (issue 16): `/api/places`, `/api/places/<id>`, `/api/directory` and
 * `/api/directory/boards/<id>`. Answers come from the gazetteer and the index only: no request
 * ever loads a board. Each address gets its own token bucket, so one client cannot make the
 * relay search for everyone else.
 */
import type * as http from 'node:http';
import { ID_PATTERN } from '../../src/lib/sync/protocol';
import { KeyedRateLimit } from '../rate-limit';
import type { DirectoryQueries } from './directory-query';
import * as gazetteer from './gazetteer';
import { parseDirectoryQuery, parsePlacesQuery } from './query-params';

type Handler = (res: http.ServerResponse, params: URLSearchParams, id: string) => void;

export interface DirectoryHttpOptions {
	queries: DirectoryQueries;
	/** Per address, per second; bursts of four times that. */
	queriesPerIp: number;
	now?: () => number;
}

/** `handle` answers the request and returns true when the path is one of the directory's. */
export function directoryHttp(options: DirectoryHttpOptions) {
	const { queries } = options;
	const now = options.now ?? Date.now;
	const limit = new KeyedRateLimit(options.queriesPerIp, options.queriesPerIp * 4);

	const routes: [RegExp, Handler][] = [
		[
			/^\/api\/places$/,
			(res, params) => {
				const query = parsePlacesQuery(params);
				if (query === null) return sendError(res, 400, 'invalid');
				sendJson(res, 200, { places: gazetteer.search(query.q, query.limit) });
			}
		],
		[
			/^\/api\/places\/([^/]*)$/,
			(res, _params, id) => {
				if (!/^\d{1,10}$/.test(id)) return sendError(res, 400, 'invalid');
				const place = gazetteer.byId(Number(id));
				if (place === null) return sendError(res, 404, 'not-found');
				sendJson(res, 200, place);
			}
		],
		[
			/^\/api\/directory$/,
			(res, params) => {
				const query = parseDirectoryQuery(params, gazetteer.byId);
				if (query === null) return sendError(res, 400, 'invalid');
				sendText(res, 200, queries.searchJson(query, now()));
			}
		],
		[
			/^\/api\/directory\/boards\/([^/]*)$/,
			(res, _params, id) => {
				if (!ID_PATTERN.test(id)) return sendError(res, 400, 'invalid');
				// Private and unknown boards get the same answer: nobody learns a private one exists.
				const entry = queries.boardJson(id, now());
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
					handler(res, url.searchParams, decodeSegment(match[1]));
				}
				return true;
			}
			return false;
		}
	};
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
