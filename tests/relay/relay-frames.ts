/** Reading and writing the relay's frames in tests (layout: src/lib/sync/protocol.ts). */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	MESSAGE_ACK,
	MESSAGE_REFUSED,
	MESSAGE_SYNC,
	readAckBody,
	readRefusedBody
} from '../../src/lib/sync/protocol';

// Frames. Every Quartier message type fits in one varuint byte.

export function messageType(frame: Uint8Array): number {
	try {
		return decoding.readVarUint(decoding.createDecoder(frame));
	} catch {
		return -1;
	}
}

export const isAck = (frame: Uint8Array): boolean => messageType(frame) === MESSAGE_ACK;
export const isRefused = (frame: Uint8Array): boolean => messageType(frame) === MESSAGE_REFUSED;

export function readChallenge(frame: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}

export function ackStateVector(frame: Uint8Array): Map<number, number> {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return Y.decodeStateVector(readAckBody(decoder));
}

export function refusal(frame: Uint8Array): { reason: string; detail: string } {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return readRefusedBody(decoder);
}

/** y-protocols sync message: 0 = step 1 (state vector), 1 = step 2, 2 = update. */
export function syncFrame(payload: Uint8Array, syncType = 2): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** Frames the relay answers a sync update with: its ack, or its refusal. */
export const isVerdict = (frame: Uint8Array): boolean => isAck(frame) || isRefused(frame);
