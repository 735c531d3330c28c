/** What the generator needs to know about each peer: how to start it and how to speak to it. */
import type { Member } from '../lib/members';
import type { ServerProcess } from '../lib/proc';

export interface RoomRef {
	/** 22 base64url characters (a board id). */
	id: string;
	/** 43 base64url characters (a room token). */
	token: string;
}

export interface WireContext {
	room: RoomRef;
	member: Member;
	send(frame: Uint8Array): void;
	/** Sends an answer the client does not wait on (not counted as a round trip). */
	reply(frame: Uint8Array): void;
	/** State vector of what this client holds (empty for the generator's raw clients). */
	stateVector(): Uint8Array;
	/** What this client sends in answer to the server's sync step 1 (its state vector given). */
	ownState(serverSv: Uint8Array): Uint8Array;
}

export type Incoming =
	| { kind: 'update'; update: Uint8Array }
	/** Sync step 2 from the server: the client now has everything the server had. */
	| { kind: 'synced'; update: Uint8Array }
	| { kind: 'ack' }
	/** The server refused an update (Quartier's write scopes). */
	| { kind: 'refused'; reason: string }
	| { kind: 'other' };

export interface Wire {
	url(base: string, ctx: WireContext): string;
	/** Frames a client sends as soon as the socket is open. */
	greet(ctx: WireContext): void;
	/** Reads one frame from the server, answering it through ctx.send when the protocol says so. */
	receive(ctx: WireContext, frame: Uint8Array): Incoming;
	/** The frame that carries one Yjs update. */
	update(ctx: WireContext, update: Uint8Array): Uint8Array;
	/** No handshake at all (the floor relay): a client counts as synced once the socket opens. */
	syncedOnOpen?: boolean;
}

export interface StartOptions {
	dataDir: string;
	/** A fixed port (restarts keep it); an ephemeral one otherwise. */
	port?: number;
	env?: Record<string, string>;
}

export interface Peer {
	name: string;
	version: string;
	/** What it stores and how, for the table's notes. */
	persistence: string;
	/** False for the floor relay, which keeps no document. */
	stateful: boolean;
	wire: Wire;
	start(options: StartOptions): Promise<ServerProcess>;
	/** The reconnect delay of this peer's own client, after `attempt` failed or closed sockets. */
	reconnectDelay(attempt: number): number;
	/** How that client retries, for the notes. */
	clientPolicy: string;
	/** Rooms the server holds in memory, where it can tell. */
	loadedRooms?(port: number): Promise<number>;
}
