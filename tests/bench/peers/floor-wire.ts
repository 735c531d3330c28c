/** The floor: a relay that forwards every frame to the room's other sockets, and nothing else. */
import * as decoding from 'lib0/decoding';
import { MESSAGE_SYNC, updateFrame } from './y-protocol';
import type { Wire } from './types';

export const floorWire: Wire = {
	url: (base, ctx) => `${base}/${ctx.room.id}`,
	greet() {},
	receive(_ctx, frame) {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return { kind: 'other' };
		decoding.readVarUint(decoder);
		return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
	},
	update: (_ctx, update) => updateFrame(update),
	syncedOnOpen: true
};
