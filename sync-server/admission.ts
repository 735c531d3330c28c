/**
 * Admission of a websocket to a room, in the order nothing of the board leaks: the room token,
 * then the member proof, then the room's removals, then the Yjs client id's binding. Only a
 * connection that passes all four joins the room; every refusal closes the socket with its code.
 */
import type { RawData, WebSocket } from 'ws';
import {
	CLOSE_BAD_REQUEST,
	CLOSE_BAD_TOKEN,
	CLOSE_CLIENT_ID_TAKEN
} from '../src/lib/sync/protocol';
import { authenticate, type AuthLimits } from './authenticate';
import { Connection, type ConnectionContext } from './connection';
import type { RelayMetrics } from './metrics';
import { tokenOpensRoom } from './policy/room-access';
import type { Storage } from './storage';
import type { SyncTarget } from './sync-url';

export interface AdmissionContext {
	storage: Storage;
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
	if (!(await tokenOpensRoom(ctx.storage, target.roomId, target.token))) {
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
	// Nothing is awaited from here to the connection's start: frames would be lost meanwhile.
	if (connection.isClosing() || ws.readyState !== ws.OPEN) return;
	const { memberId, clientId, publicKey: deviceKey, chain } = auth.proof;
	const speaker = { memberId, clientId, deviceKey, chain };
	const room = rooms.open(target.roomId);

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

	// 4. The client id: bound to this member for good, unless another member holds it.
	if (!room.policy.bindClient(clientId, memberId)) {
		metrics.authFailures.inc({ reason: 'client-id-taken' });
		ws.close(CLOSE_CLIENT_ID_TAKEN, 'client id belongs to another member');
		rooms.released(room);
		return;
	}
	new Connection(ws, room, connection, speaker).start(auth.early);
}
