/**
 * An admin's calls on their board's requests: list them, decide one (accept with the board's
 * invite sealed to the requester's key, or decline with a message), block a requester. Every
 * call is signed (../signed-member-call.ts) by a device the room's policy does not refuse, of a member the
 * board's document names admin (board-facts.ts). A decision may arrive twice (queued offline on
 * the admin's phone): the same one again is a success, another one a 409.
 */
import type * as http from 'node:http';
import * as v from 'valibot';
import { SealedRecord } from '../../src/lib/domain/identity/sealed-record';
import { JOIN_LIMITS } from '../../src/lib/domain/join/request';
import { takeSignedCall, type JoinContext } from './context';
import { HttpError, parseJson, readBody, sendJson } from '../http-io';
import type { Decision, StoredRequest } from './request-store';
import { verifiedMemberDevice } from '../signed-member-call';

const DAY = 24 * 60 * 60_000;
/** Decided requests stay in the admins' list this long. */
const DECIDED_SHOWN_MS = 30 * DAY;
/** A sealed `{ boardId, secret }` is a few hundred bytes; 2 KiB leaves room, not a payload. */
const SEALED_INVITE_MAX_BYTES = 2048;

const DecisionBody = v.object({
	decision: v.picklist(['accept', 'decline']),
	message: v.optional(v.pipe(v.string(), v.maxLength(JOIN_LIMITS.message)), ''),
	sealedInvite: v.optional(v.unknown())
});

/** The admin's member id, once the call's signature and the member's standing check out. */
async function adminOf(
	ctx: JoinContext,
	req: http.IncomingMessage,
	boardId: string,
	body: Buffer
): Promise<string> {
	// Any key signs for its own member id: a budget per address, before a board is loaded for it.
	takeSignedCall(ctx, req);
	const call = { boardId, method: req.method ?? '', path: req.url ?? '', body };
	const device = await verifiedMemberDevice(req.headers.authorization, call, ctx.now());
	const standing = await ctx.facts.standingOf(boardId, device);
	if (standing === 'unknown-board') throw new HttpError(404, 'not-found');
	if (standing !== 'admin') throw new HttpError(403, 'not-admin');
	return device.memberId;
}

async function requestOf(
	ctx: JoinContext,
	boardId: string,
	requestId: string
): Promise<StoredRequest> {
	const request = await ctx.store.get(requestId);
	if (!request || request.boardId !== boardId) throw new HttpError(404, 'not-found');
	return request;
}

/** GET /api/boards/<boardId>/requests */
export async function listRequests(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string
): Promise<void> {
	await adminOf(ctx, req, boardId, await readBody(req, ctx.limits.maxBytes));
	const stored = await ctx.store.listForAdmins(boardId, ctx.now() - DECIDED_SHOWN_MS);
	const requests = stored.map((r) => ({
		requestId: r.id,
		memberId: r.memberId,
		name: r.name,
		bio: r.bio,
		answers: r.answers,
		encryptionKey: r.encryptionKey,
		at: r.at,
		status: r.status,
		decidedAt: r.decidedAt,
		decidedBy: r.decidedBy,
		message: r.message
	}));
	sendJson(res, 200, { requests });
}

/** POST /api/boards/<boardId>/requests/<requestId>/decision */
export async function decide(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string,
	requestId: string
): Promise<void> {
	const bytes = await readBody(req, ctx.limits.maxBytes);
	const adminId = await adminOf(ctx, req, boardId, bytes);
	const parsed = v.safeParse(DecisionBody, parseJson(bytes));
	if (!parsed.success) throw new HttpError(400, 'invalid');
	const { decision, message, sealedInvite } = parsed.output;
	const status = decision === 'accept' ? 'accepted' : 'declined';
	await ctx.store.exclusive(async () => {
		const request = await requestOf(ctx, boardId, requestId);
		if (request.status === status) return;
		if (request.status !== 'pending') throw new HttpError(409, 'already-decided');
		if (status === 'accepted' && !isInviteFor(sealedInvite, request)) {
			throw new HttpError(400, 'invalid');
		}
		const stored: Decision = {
			status,
			decidedAt: ctx.now(),
			decidedBy: adminId,
			message,
			// A declined requester receives nothing of the board.
			sealedInvite: status === 'accepted' ? sealedInvite : null
		};
		await ctx.store.decide(requestId, stored);
	});
	sendJson(res, 200, { status });
}

/** Sealed to the key the requester asked with: nobody else could open it. */
function isInviteFor(sealed: unknown, request: StoredRequest): boolean {
	if (!v.is(SealedRecord, sealed) || sealed.to !== request.encryptionKey) return false;
	return Buffer.byteLength(JSON.stringify(sealed)) <= SEALED_INVITE_MAX_BYTES;
}

/** GET /api/boards/<boardId>/invites: members let in by each invite link, by its token hash. */
export async function inviteCounts(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string
): Promise<void> {
	await adminOf(ctx, req, boardId, await readBody(req, ctx.limits.maxBytes));
	await ctx.inviteUses.load(boardId);
	sendJson(res, 200, { uses: ctx.inviteUses.counts(boardId) });
}

/** POST /api/boards/<boardId>/requests/<requestId>/block */
export async function block(
	ctx: JoinContext,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	boardId: string,
	requestId: string
): Promise<void> {
	const bytes = await readBody(req, ctx.limits.maxBytes);
	const adminId = await adminOf(ctx, req, boardId, bytes);
	const status = await ctx.store.exclusive(async () => {
		const request = await requestOf(ctx, boardId, requestId);
		const now = ctx.now();
		// An accepted member already holds the invite: the block keeps them from asking again only.
		const decline =
			request.status === 'pending'
				? {
						id: requestId,
						decision: {
							status: 'declined' as const,
							decidedAt: now,
							decidedBy: adminId,
							message: '',
							sealedInvite: null
						}
					}
				: undefined;
		await ctx.store.block(boardId, request.memberId, adminId, now, decline);
		return decline ? 'declined' : request.status;
	});
	sendJson(res, 200, { status });
}
