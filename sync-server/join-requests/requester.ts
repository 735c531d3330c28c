/**
 * The requester's calls, which need no token: ask to join a listed board, join an open one at
 * once, and poll a request's status. Each is rate-limited per socket address (context.ts), and
 * asking or joining is refused to a member the board's admins blocked.
 */
import type * as http from 'node:http';
import { joinRequestId, type JoinRequestBody } from '../../src/lib/domain/join/request';
import { addressHash, takeSignedCall, type JoinContext, takeRequest } from './context';
import { HttpError, parseJson, readBody, sendJson } from '../http-io';
import { checkStatusCall } from './signed-calls';
import { verifiedJoinRequest } from './signed-request';

/** Retry-After of a full pending cap: admins take hours, not seconds, to decide. */
const PENDING_RETRY_SECONDS = 3600;

/** Rate limit, body, signature: what both the request and the join calls begin with. */
async function signedRequest(
	ctx: JoinContext,
	req: http.IncomingMessage,
	boardId: string
): Promise<JoinRequestBody> {
	takeRequest(ctx, req);
	const bytes = await readBody(req, ctx.limits.maxBytes);
	return verifiedJoinRequest(parseJson(bytes), boardId);
}

/** POST /api/directory/boards/<boardId>/requests */
export async function askToJoin(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string
): Promise<void> {
	const body = await signedRequest(ctx, req, boardId);
	const listing = await ctx.facts.listingOf(boardId);
	if (listing === null || listing.visibility === 'private') throw new HttpError(404, 'not-found');
	if (listing.visibility === 'open') throw new HttpError(409, 'open-board');
	if (body.answers.length !== listing.questions.length) throw new HttpError(400, 'invalid');
	const { store, limits } = ctx;
	if (await store.isBlocked(boardId, body.memberId)) throw new HttpError(403, 'blocked');
	const requestId = joinRequestId(boardId, body.memberId);
	await store.exclusive(async () => {
		const existing = await store.get(requestId);
		if (existing && existing.status !== 'pending') throw new HttpError(409, 'already-decided');
		if (
			(await store.pendingOnBoard(boardId, body.memberId)) >= limits.pendingPerBoard ||
			(await store.pendingOfRequester(body.memberId, boardId)) >= limits.pendingPerRequester
		) {
			throw new HttpError(429, 'too-many-pending', PENDING_RETRY_SECONDS);
		}
		// A replayed older copy must not undo what the requester asked since.
		if (existing && existing.at > body.at) return;
		await store.putPending({
			id: requestId,
			boardId,
			memberId: body.memberId,
			deviceKey: body.deviceKey,
			encryptionKey: body.encryptionKey,
			name: body.name,
			bio: body.bio,
			answers: body.answers,
			at: body.at,
			ipHash: await addressHash(store, req.socket.remoteAddress ?? 'unknown'),
			receivedAt: ctx.now()
		});
	});
	sendJson(res, 201, { requestId, status: 'pending' });
}

/** POST /api/directory/boards/<boardId>/join: an open board's secret, to anyone not blocked. */
export async function joinOpenBoard(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string
): Promise<void> {
	const body = await signedRequest(ctx, req, boardId);
	const listing = await ctx.facts.listingOf(boardId);
	if (listing === null || listing.visibility === 'private') throw new HttpError(404, 'not-found');
	if (listing.visibility !== 'open' || listing.inviteSecret === null)
		throw new HttpError(409, 'not-open');
	if (await ctx.store.isBlocked(boardId, body.memberId)) throw new HttpError(403, 'blocked');
	sendJson(res, 200, { boardId, secret: listing.inviteSecret });
}

/** POST /api/join-requests/<requestId>/status, signed by the request's device. */
export async function requestStatus(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	requestId: string
): Promise<void> {
	takeSignedCall(ctx, req);
	const raw = parseJson(await readBody(req, ctx.limits.maxBytes));
	const request = await ctx.store.get(requestId);
	if (!request) throw new HttpError(404, 'not-found');
	checkStatusCall(raw, requestId, request.deviceKey, ctx.now());
	const accepted = request.status === 'accepted';
	sendJson(res, 200, {
		requestId,
		boardId: request.boardId,
		status: request.status,
		message: request.message,
		decidedAt: request.decidedAt,
		sealedInvite: accepted ? request.sealedInvite : null
	});
}
