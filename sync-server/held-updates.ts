/**
 * Updates a connection sent that wait only for more of its own member's data (write-scope.ts:
 * `incomplete` and `retryable`), kept in memory beside the room: never applied, stored or
 * forwarded, judged again whole once the same connection's later updates were stored, and gone
 * when it closes. An honest client needs this for one reason: y-websocket sends an edit made
 * during the handshake at once, before the sync step 2 that carries the offline edits it builds on.
 * Everything unacknowledged is resent in the next handshake's sync step 2, so nothing is lost.
 */

/** A handshake's worth of edits; more means the data they wait for is not coming. */
const MAX_HELD_UPDATES = 64;
/** Per connection, so a member cannot make the relay keep much that the board will never hold. */
const MAX_HELD_BYTES = 1024 * 1024;

export class HeldUpdates<Peer> {
	private readonly byPeer = new Map<Peer, Uint8Array[]>();

	/** False when the peer already holds as much as it may. */
	hold(peer: Peer, update: Uint8Array): boolean {
		const held = this.byPeer.get(peer) ?? [];
		const bytes = held.reduce((sum, u) => sum + u.byteLength, update.byteLength);
		if (held.length >= MAX_HELD_UPDATES || bytes > MAX_HELD_BYTES) return false;
		held.push(update.slice());
		this.byPeer.set(peer, held);
		return true;
	}

	/**
	 * Offers each held update, oldest first, to `attempt`, again and again while one is taken
	 * (taking one can be what the next one waits for); keeps those still waiting.
	 */
	retry(peer: Peer, attempt: (update: Uint8Array) => 'taken' | 'waiting' | 'dropped'): void {
		let waiting = this.byPeer.get(peer) ?? [];
		this.byPeer.delete(peer);
		let progress = true;
		while (progress && waiting.length > 0) {
			progress = false;
			const still: Uint8Array[] = [];
			for (const update of waiting) {
				const outcome = attempt(update);
				if (outcome === 'taken') progress = true;
				else if (outcome === 'waiting') still.push(update);
			}
			waiting = still;
		}
		if (waiting.length > 0) this.byPeer.set(peer, waiting);
	}

	drop(peer: Peer): void {
		this.byPeer.delete(peer);
	}
}
