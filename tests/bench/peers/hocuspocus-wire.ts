/**
 * Hocuspocus 3's protocol, read from @hocuspocus/server's source: every message starts with the
 * document name (varString); a client first sends Auth (2) / Token (0) with its token and the
 * server answers Authenticated; SyncReply (4) carries the server's step 1 without asking for
 * another; SyncStatus (8) tells the sender its update was applied (in memory, not stored).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSync, step1, step2, updateFrame } from './y-protocol';
import type { Wire } from './types';

const SYNC = 0;
const AUTH = 2;
const AUTH_TOKEN = 0;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;

function authFrame(documentName: string, token: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, documentName);
	encoding.writeVarUint(encoder, AUTH);
	encoding.writeVarUint(encoder, AUTH_TOKEN);
	encoding.writeVarString(encoder, token);
	return encoding.toUint8Array(encoder);
}

export const hocuspocusWire: Wire = {
	url: (base) => `${base}/`,
	greet(ctx) {
		// HocuspocusProvider sends the token and its step 1 together; the server queues the step 1.
		ctx.send(authFrame(ctx.room.id, ctx.room.token));
		ctx.send(step1(ctx.stateVector(), ctx.room.id));
	},
	receive(ctx, frame) {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarString(decoder);
		switch (decoding.readVarUint(decoder)) {
			case SYNC:
			case SYNC_REPLY:
				return readSync(decoder, (sv) => ctx.reply(step2(ctx.ownState(sv), ctx.room.id)));
			case SYNC_STATUS:
				return { kind: 'ack' };
			default:
				return { kind: 'other' };
		}
	},
	update: (ctx, update) => updateFrame(update, ctx.room.id)
};
