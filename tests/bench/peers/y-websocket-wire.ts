/** @y/websocket-server: the room is the URL path; no auth, no acks. */
import * as decoding from 'lib0/decoding';
import { MESSAGE_SYNC, readSync, step1, step2, updateFrame } from './y-protocol';
import type { Wire } from './types';

export const yWebsocketWire: Wire = {
	url: (base, ctx) => `${base}/${ctx.room.id}`,
	greet(ctx) {
		ctx.send(step1(ctx.stateVector()));
	},
	receive(ctx, frame) {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return { kind: 'other' };
		return readSync(decoder, (sv) => ctx.reply(step2(ctx.ownState(sv))));
	},
	update: (_ctx, update) => updateFrame(update)
};
