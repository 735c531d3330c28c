/**
 * Who is here in a room, as y-protocols awareness: the states each peer set (removed for everyone
 * when it leaves), sent to every peer here and announced to the other relay instances (fanout/).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RoomChannel } from './fanout/fanout';
import * as messages from './messages';

/** A peer as presence sees it: the awareness client ids it set. */
export interface PresencePeer {
	send(message: Uint8Array): void;
	readonly awarenessClients: Set<number>;
}

/** Origin of the presence a leaving peer had. */
const LEFT = Symbol('left');

export class RoomPresence {
	readonly awareness: awarenessProtocol.Awareness;

	constructor(
		doc: Y.Doc,
		private readonly peers: ReadonlySet<PresencePeer>,
		private readonly channel: RoomChannel
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		// The relay is not a participant: without this every client would see it as a person.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.onUpdate);
	}

	leave(peer: PresencePeer): void {
		awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], LEFT);
	}

	destroy(): void {
		this.awareness.off('update', this.onUpdate);
		this.awareness.destroy();
	}

	private isPeer(origin: unknown): origin is PresencePeer {
		return this.peers.has(origin as PresencePeer);
	}

	private onUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		if (this.isPeer(origin)) {
			for (const client of added) origin.awarenessClients.add(client);
			for (const client of updated) origin.awarenessClients.add(client);
			for (const client of removed) origin.awarenessClients.delete(client);
		}
		const changed = [...added, ...updated, ...removed];
		// Sent to the sender as well: y-websocket drops a socket that received nothing for 30 s, and a
		// lone client's own awareness renewals (every 15 s) are what keeps it alive.
		const message = messages.awarenessUpdate(this.awareness, changed);
		for (const peer of this.peers) peer.send(message);
		// Presence of the phones here, for the other instances; each times out the rest by itself.
		if (origin === LEFT || this.isPeer(origin)) {
			const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
			this.channel.publish({ kind: 'awareness', update });
		}
	};
}
