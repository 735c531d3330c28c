/** y-websocket's message layout (types 0 sync, 1 awareness), shared by three of the peers. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Incoming } from './types';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

export function syncFrame(syncType: number, payload: Uint8Array, prefix?: string): Uint8Array {
	const encoder = encoding.createEncoder();
	if (prefix !== undefined) encoding.writeVarString(encoder, prefix);
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export const step1 = (sv: Uint8Array, prefix?: string) =>
	syncFrame(syncProtocol.messageYjsSyncStep1, sv, prefix);
export const step2 = (update: Uint8Array, prefix?: string) =>
	syncFrame(syncProtocol.messageYjsSyncStep2, update, prefix);
export const updateFrame = (update: Uint8Array, prefix?: string) =>
	syncFrame(syncProtocol.messageYjsUpdate, update, prefix);

/**
 * Reads a sync message body (after its type). The server's step 1 is answered by `answer`.
 */
export function readSync(
	decoder: decoding.Decoder,
	answer: (serverSv: Uint8Array) => void
): Incoming {
	const syncType = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	switch (syncType) {
		case syncProtocol.messageYjsSyncStep1:
			answer(payload);
			return { kind: 'other' };
		case syncProtocol.messageYjsSyncStep2:
			return { kind: 'synced', update: payload };
		case syncProtocol.messageYjsUpdate:
			return { kind: 'update', update: payload };
		default:
			return { kind: 'other' };
	}
}
