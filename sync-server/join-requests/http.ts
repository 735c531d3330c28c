/**
 * The join-request endpoints of the relay's HTTP server (ARCHITECTURE.md, "Join requests"):
 * a requester's POST /api/directory/boards/<id>/requests and /join and
 * POST /api/join-requests/<id>/status; an admin's GET /api/boards/<id>/requests and POST
 * …/requests/<id>/decision and …/block; an admin's GET /api/boards/<id>/invites (how
 * many joined with each invite link). `joinRequestsHttp` answers the paths it owns and returns
 * false for every other, so relay.ts mounts it with one call. A handler's refusal is an
 * HttpError; anything else is logged and answered 500, never a crash.
 */
import type * as http from 'node:http';
import type { Logger } from 'pino';
import { ID_RE } from '../../src/lib/domain/ids';
import type { JoinRequestLimits } from '../config';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';
import type { InviteUses } from '../invites/use-store';
import { block, decide, inviteCounts, listRequests } from './admin';
import { boardFactsFromDocuments } from './board-facts';
import { joinContext, type JoinContext } from './context';
import { HttpError, sendError } from '../http-io';
import { RequestStore } from './request-store';
import { askToJoin, joinOpenBoard, requestStatus } from './requester';

type Handler = (
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	...ids: string[]
) => Promise<void>;

interface Route {
	method: 'GET' | 'POST';
	/** Each `([^/]+)` is an id, checked against ID_RE before the handler runs. */
	path: RegExp;
	handler: Handler;
}

const ROUTES: Route[] = [
	{ method: 'POST', path: /^\/api\/directory\/boards\/([^/]+)\/requests$/, handler: askToJoin },
	{ method: 'POST', path: /^\/api\/directory\/boards\/([^/]+)\/join$/, handler: joinOpenBoard },
	{ method: 'POST', path: /^\/api\/join-requests\/([^/]+)\/status$/, handler: requestStatus },
	{ method: 'GET', path: /^\/api\/boards\/([^/]+)\/requests$/, handler: listRequests },
	{
		method: 'POST',
		path: /^\/api\/boards\/([^/]+)\/requests\/([^/]+)\/decision$/,
		handler: decide
	},
	{ method: 'POST', path: /^\/api\/boards\/([^/]+)\/requests\/([^/]+)\/block$/, handler: block },
	{ method: 'GET', path: /^\/api\/boards\/([^/]+)\/invites$/, handler: inviteCounts }
];

export type HttpHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export function joinRequestsHttp(
	rooms: Rooms,
	storage: Storage,
	inviteUses: InviteUses,
	limits: JoinRequestLimits,
	log: Logger,
	isClosing: () => boolean
): HttpHandler {
	const ctx = joinContext(
		new RequestStore(storage.sql),
		boardFactsFromDocuments(rooms, storage),
		limits,
		inviteUses
	);
	return (req, res) => {
		const path = (req.url ?? '').split('?', 1)[0] ?? '';
		const matches = ROUTES.map((route) => ({ route, match: route.path.exec(path) })).filter(
			(m) => m.match !== null
		);
		if (matches.length === 0) return false;
		const found = matches.find((m) => m.route.method === req.method);
		const fail = (error: unknown) => {
			if (error instanceof HttpError) {
				if (!res.headersSent) sendError(res, error);
				return;
			}
			log.error({ err: error, url: req.url }, 'join-request call failed');
			if (!res.headersSent) sendError(res, new HttpError(500, 'internal'));
			else res.destroy();
		};
		if (!found) {
			req.resume();
			fail(new HttpError(405, 'method-not-allowed'));
			return true;
		}
		// Ids are base64url: a percent-escape is no id, and is not decoded.
		const ids = (found.match ?? []).slice(1);
		if (!ids.every((id) => ID_RE.test(id))) {
			req.resume();
			fail(new HttpError(404, 'not-found'));
			return true;
		}
		if (isClosing()) {
			req.resume();
			fail(new HttpError(503, 'closing'));
			return true;
		}
		found.route.handler(ctx, req, res, ...ids).catch(fail);
		return true;
	};
}
