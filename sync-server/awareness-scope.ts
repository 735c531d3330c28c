/**
 * Awareness (presence) is not stored, but it is forwarded to everyone: a connection may only set
 * the state of its own Yjs client, and only a small one.
 */
import * as decoding from 'lib0/decoding';

/** Returns why the awareness update is refused, or null when it is fine. Throws if malformed. */
export function checkAwareness(
	update: Uint8Array,
	ownClient: number,
	maxBytes: number
): string | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const client = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder); // clock
		const state = decoding.readVarString(decoder);
		if (client !== ownClient) return `state of client ${client}`;
		const bytes = Buffer.byteLength(state);
		if (bytes > maxBytes) return `state of ${bytes} bytes`;
	}
	return null;
}
