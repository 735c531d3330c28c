/**
 * Awareness (presence) is not stored, but it is forwarded to everyone: a connection may only set
 * the state of its own Yjs client, and only a small one. Judged by effect, like updates:
 * y-websocket re-sends every awareness change it applies, other people's included, so an honest
 * client echoes back states the relay already has. Those change nothing and pass.
 */
import * as decoding from 'lib0/decoding';

/** What the relay knows of everyone's presence (y-protocols' Awareness has both fields). */
export interface AwarenessView {
	meta: Map<number, { clock: number }>;
	states: Map<number, unknown>;
}

/** Returns why the awareness update is refused, or null when it is fine. Throws if malformed. */
export function checkAwareness(
	update: Uint8Array,
	ownClient: number,
	maxBytes: number,
	current: AwarenessView
): string | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const client = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarString(decoder);
		if (client !== ownClient) {
			if (changes(current, client, clock, state)) return `state of client ${client}`;
			continue;
		}
		const bytes = Buffer.byteLength(state);
		if (bytes > maxBytes) return `state of ${bytes} bytes`;
	}
	return null;
}

/** The test y-protocols' applyAwarenessUpdate applies: a newer clock, or a removal at the same one. */
function changes(current: AwarenessView, client: number, clock: number, state: string): boolean {
	const known = current.meta.get(client)?.clock ?? 0;
	if (clock > known) return true;
	return clock === known && current.states.has(client) && JSON.parse(state) === null;
}
