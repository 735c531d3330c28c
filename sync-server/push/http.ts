/**
 * Push's HTTP routes (briefs/push.md): GET /api/push/key (the VAPID public key, 503 when push is
 * off), and a member's signed PUT and DELETE /api/boards/<id>/push. A call is checked in this
 * order: budget per socket address (429), body cap (413), signature (401, signed-member-call.ts),
 * body (400), the board (404) and the caller's standing on it (403: a member with a profile, not
 * removed, this device not taken back). The first subscription of a member on a board remembers,
 * without pushing, every notice that member already has there.
 */
import type * as http from 'node:http';
import type { Logger } from 'pino';
import { ID_RE } from '../../src/lib/domain/ids';
import type { PushConfig } from '../config';
import { HttpError, parseJson, readBody, sendError, sendJson } from '../http-io';
import { KeyedRateLimit } from '../rate-limit';
import type { Rooms } from '../rooms';
import { verifiedMemberDevice } from '../signed-member-call';
import type { Storage } from '../storage';
import type { Notifier } from './notifier';
import { withRoom } from '../room-read';
import { standingOf } from './standing';
import { parseDeleteBody, parsePutBody } from './subscription-body';
import type { SubscriptionStore } from './subscription-store';

const KEY_PATH = '/api/push/key';
const BOARD_PATH = /^\/api\/boards\/([^/]+)\/push$/;

export interface PushRoutesDeps {
	config: PushConfig;
	rooms: Rooms;
	storage: Storage;
	log: Logger;
	isClosing(): boolean;
	/** Null when push is off. */
	live: LivePush | null;
}

export interface LivePush {
	publicKey: string;
	subscriptions: SubscriptionStore;
	notifier: Notifier;
}

export type HttpHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export function pushHttp(deps: PushRoutesDeps): HttpHandler {
	const perMinute = deps.config.callsPerIpPerMinute;
	const calls = new KeyedRateLimit(perMinute / 60, perMinute);
	const fail = (req: http.IncomingMessage, res: http.ServerResponse, error: unknown) => {
		if (!(error instanceof HttpError)) {
			deps.log.error({ err: error, url: req.url }, 'push call failed');
			error = new HttpError(500, 'internal');
		}
		if (!res.headersSent) sendError(res, error as HttpError);
		else res.destroy();
	};
	return (req, res) => {
		const path = (req.url ?? '').split('?', 1)[0] ?? '';
		if (path === KEY_PATH) {
			req.resume();
			if (req.method !== 'GET') fail(req, res, new HttpError(405, 'method-not-allowed'));
			else if (deps.live === null) fail(req, res, new HttpError(503, 'unavailable'));
			else sendJson(res, 200, { publicKey: deps.live.publicKey });
			return true;
		}
		const match = BOARD_PATH.exec(path);
		if (!match) return false;
		const boardId = match[1]!;
		const refuse = (error: HttpError) => {
			req.resume();
			fail(req, res, error);
			return true;
		};
		if (req.method !== 'PUT' && req.method !== 'DELETE') {
			return refuse(new HttpError(405, 'method-not-allowed'));
		}
		if (!ID_RE.test(boardId)) return refuse(new HttpError(404, 'not-found'));
		const live = deps.live;
		if (live === null) return refuse(new HttpError(503, 'unavailable'));
		if (deps.isClosing()) return refuse(new HttpError(503, 'closing'));
		if (!calls.take(req.socket.remoteAddress ?? 'unknown')) {
			return refuse(new HttpError(429, 'rate-limited', 60 / perMinute));
		}
		const handler = req.method === 'PUT' ? subscribe : unsubscribe;
		handler(deps, live, req, boardId).then(
			() => {
				res.writeHead(204, { 'Cache-Control': 'no-store' });
				res.end();
			},
			(error: unknown) => fail(req, res, error)
		);
		return true;
	};
}

async function signedCall(deps: PushRoutesDeps, req: http.IncomingMessage, boardId: string) {
	const body = await readBody(req, deps.config.maxBytes);
	const call = { boardId, method: req.method ?? '', path: req.url ?? '', body };
	const device = await verifiedMemberDevice(req.headers.authorization, call, Date.now());
	return { device, raw: parseJson(body) };
}

async function subscribe(
	deps: PushRoutesDeps,
	{ notifier, subscriptions }: LivePush,
	req: http.IncomingMessage,
	boardId: string
): Promise<void> {
	const { device, raw } = await signedCall(deps, req, boardId);
	const settings = parsePutBody(raw, deps.config.allowInsecureEndpoints);
	if (settings === null) throw new HttpError(400, 'invalid');
	await notifier.exclusive(boardId, async () => {
		// Read after the board's earlier push work, so what it stores next is the latest.
		const read = await withRoom(deps.rooms, deps.storage, boardId, (room) => ({
			snapshot: notifier.read(room),
			mayReceive: standingOf(room).mayReceive(device)
		}));
		if (read === null) throw new HttpError(404, 'not-found');
		if (!read.mayReceive) throw new HttpError(403, 'not-a-member');
		const { snapshot } = read;
		if (snapshot === null) throw new HttpError(500, 'internal');
		const existing = await subscriptions.get(boardId, settings.endpoint);
		const counts = await subscriptions.counts(boardId, device.memberId);
		if (
			existing === undefined &&
			(counts.board >= deps.config.subscriptionsPerBoard ||
				counts.member >= deps.config.subscriptionsPerMember)
		) {
			throw new HttpError(429, 'too-many-subscriptions');
		}
		// The member's first device on the board: told what happens from now on only.
		if (counts.member === 0) await notifier.baseline(snapshot, device.memberId);
		const { endpoint, p256dh, auth, locale, timeZone, quietHours, reminderLeadMinutes } = settings;
		await subscriptions.put({
			boardId,
			endpoint,
			device,
			p256dh,
			auth,
			locale,
			timeZone,
			quietHours,
			reminderLeadMinutes,
			updatedAt: Date.now()
		});
		// Reminders of slots already confirmed are stored now, with this lead; nothing is pushed.
		await notifier.apply(snapshot);
	});
}

async function unsubscribe(
	deps: PushRoutesDeps,
	{ notifier, subscriptions }: LivePush,
	req: http.IncomingMessage,
	boardId: string
): Promise<void> {
	const { device, raw } = await signedCall(deps, req, boardId);
	const endpoint = parseDeleteBody(raw);
	if (endpoint === null) throw new HttpError(400, 'invalid');
	await notifier.exclusive(boardId, async () => {
		const existing = await subscriptions.get(boardId, endpoint);
		// Only the member who subscribed it may unsubscribe it; absent is a success all the same.
		if (existing && existing.device.memberId === device.memberId) {
			await subscriptions.remove(boardId, endpoint);
		}
	});
}
