/**
 * Admission of a websocket to a room, in the order nothing of the board leaks: the room token
 * (the room's first one, or an admin's invite link: invites/link-access.ts), then the member
 * proof, then the room's removals, then what the link still lets in (a revoked, expired or
 * used-up link admits only members the room knows), then the Yjs client id's binding. Only a
 * connection that passes all five joins the room; every refusal closes the socket with its code.
 */
import type { RawData, WebSocket } from 'ws';
import {
	CLOSE_BAD_REQUEST,
	CLOSE_BAD_TOKEN,
	CLOSE_CLIENT_ID_TAKEN,
	CLOSE_INVITE_REVOKED
} from '../src/lib/sync/protocol';
import { authenticate, type AuthLimits } from './authenticate';
import { Connection, type ConnectionContext } from './connection';
import type { RelayMetrics } from './metrics';
import { isKnownMember, linkAccess, type TokenKind } from './invites/link-access';
import type { InviteUses } from './invites/use-store';
import { hashToken, tokenOpensRoom } from './policy/room-access';
import type { Storage } from './storage';
import type { SyncTarget } from './sync-url';

export interface AdmissionContext {
	storage: Storage;
	/** Members let in by each invite link. */
	inviteUses: InviteUses;
	now(): number;
	metrics: RelayMetrics;
	auth: AuthLimits;
	/** What an admitted connection runs with (its rooms, limits, logs). */
	connection: ConnectionContext;
}

/** Resolves once the socket is admitted or closed; rejects only on a relay fault. */
export async function admitConnection(
	ws: WebSocket,
	target: SyncTarget,
	ctx: AdmissionContext
): Promise<void> {
	const { metrics, connection } = ctx;
	const { rooms, warn } = connection;
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

	// 1. The token. Nothing may be sent before this check: a wrong token learns nothing of the room.
	const hash = hashToken(target.token);
	const kind = await tokenKind(ctx, target.roomId, target.token, hash);
	if (kind === null) {
		metrics.authFailures.inc({ reason: 'bad-token' });
		warn('bad-token', { room: target.roomId }, 'refused a wrong token');
		ws.close(CLOSE_BAD_TOKEN, 'bad token');
		return;
	}
	ws.off('message', hold);

	// 2. The member proof (authenticate closes the socket when there is none).
	const auth = await authenticate(ws, target.roomId, ctx.auth, received);
	if (auth === null) {
		metrics.authFailures.inc({ reason: 'no-valid-proof' });
		warn('auth-failed', { room: target.roomId }, 'no valid member proof');
		return;
	}
	const { memberId, clientId, publicKey: deviceKey, chain } = auth.proof;
	const speaker = { memberId, clientId, deviceKey, chain };
	// Frames that arrive while the room loads or a binding commits: handled once the connection starts.
	const holding = async <T>(wait: Promise<T>): Promise<T> => {
		const hold = (data: RawData) => auth.early.push(data);
		ws.on('message', hold);
		try {
			return await wait;
		} finally {
			ws.off('message', hold);
		}
	};
	const room = await holding(rooms.open(target.roomId));
	await holding(ctx.inviteUses.load(target.roomId));
	if (connection.isClosing() || ws.readyState !== ws.OPEN) {
		rooms.released(room);
		return;
	}

	// 3. Removals: a member an admin removed, or a device its member took back.
	const refusal = room.policy.refusal(speaker);
	if (refusal !== null) {
		metrics.authFailures.inc({ reason: refusal.kind });
		if (refusal.kind === 'device-removed') {
			warn('device-removed', { room: target.roomId }, refusal.reason);
		}
		ws.close(refusal.code, refusal.reason);
		rooms.released(room);
		return;
	}

	// 4. The link: a link that lets nobody new in still lets in the members the room knows.
	const access = linkAccess(room, kind, hash, ctx.inviteUses, ctx.now());
	let known = isKnownMember(room, memberId);
	if (access !== 'open' && !known && ctx.storage.shared) {
		// Known to another instance, maybe: it bound the member's client id when they connected there.
		await holding(room.readBindingsAgain());
		known = isKnownMember(room, memberId);
	}
	if (access !== 'open' && !known) {
		metrics.authFailures.inc({ reason: 'invite-revoked' });
		ws.close(CLOSE_INVITE_REVOKED, 'this invite link admits nobody new');
		rooms.released(room);
		return;
	}

	// 5. The client id: bound to this member for good, unless another member holds it (in a store
	// shared by several relays, another instance may have bound it first: known once committed).
	if (
		!room.policy.bindClient(clientId, memberId) ||
		!(await holding(room.policy.whenClientBound(clientId, memberId)))
	) {
		metrics.authFailures.inc({ reason: 'client-id-taken' });
		ws.close(CLOSE_CLIENT_ID_TAKEN, 'client id belongs to another member');
		rooms.released(room);
		return;
	}
	// Nothing is awaited from here to the connection's start: frames would be lost meanwhile. A
	// removal during the wait above still refuses.
	const late = room.policy.refusal(speaker);
	if (connection.isClosing() || ws.readyState !== ws.OPEN || late !== null) {
		if (late !== null) ws.close(late.code, late.reason);
		rooms.released(room);
		return;
	}
	if (!known) ctx.inviteUses.record(room.id, hash, memberId, ctx.now());
	new Connection(ws, room, connection, speaker).start(auth.early);
}

/**
 * `first` for the room's first token (it claims a new room), `link` for a token some invite-link
 * record of the board names (the room's document is read only once the fast path failed), null
 * for any other token.
 */
async function tokenKind(
	ctx: AdmissionContext,
	roomId: string,
	token: string,
	hash: string
): Promise<TokenKind | null> {
	if (await tokenOpensRoom(ctx.storage, roomId, token)) return 'first';
	const { rooms } = ctx.connection;
	const room = await rooms.open(roomId);
	try {
		await ctx.inviteUses.load(roomId);
		return linkAccess(room, 'link', hash, ctx.inviteUses, ctx.now()) === 'none' ? null : 'link';
	} finally {
		rooms.released(room);
	}
}
