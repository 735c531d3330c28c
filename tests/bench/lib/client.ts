/**
 * The generator's connection: a raw `ws` socket speaking a peer's wire protocol, holding no Y.Doc.
 * It answers the server's sync step 1 with the bytes it was given (`ownState`), counts what it
 * receives and reports updates to the workload.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Member } from './members';
import type { Incoming, RoomRef, Wire, WireContext } from '../peers/types';
import { EMPTY_UPDATE } from './updates';

const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

export interface ClientEvents {
	onUpdate?(client: RawClient, update: Uint8Array): void;
	onSynced?(client: RawClient): void;
	onAck?(client: RawClient): void;
	/** The socket closed (or never opened); `wasSynced` tells whether it had synced. */
	onClose?(client: RawClient, code: number): void;
}

export class RawClient implements WireContext {
	socket: WebSocket | null = null;
	synced = false;
	bytesIn = 0;
	refusals = 0;
	/** Groups of frames sent before the next frame came in: the round trips the client waited. */
	flights = 0;
	private receivedSinceSend = true;
	framesIn = 0;
	/** Bytes answered to the server's step 1: everything this client wrote so far. */
	own: Uint8Array = EMPTY_UPDATE;

	constructor(
		readonly wire: Wire,
		readonly base: string,
		readonly room: RoomRef,
		readonly member: Member,
		readonly events: ClientEvents = {}
	) {}

	send(frame: Uint8Array): void {
		if (this.socket?.readyState !== WebSocket.OPEN) return;
		if (this.receivedSinceSend) this.flights++;
		this.receivedSinceSend = false;
		this.socket.send(frame);
	}

	stateVector(): Uint8Array {
		return EMPTY_SV;
	}

	ownState(_serverSv: Uint8Array): Uint8Array {
		return this.own;
	}

	reply(frame: Uint8Array): void {
		if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
	}

	sendUpdate(update: Uint8Array): void {
		this.send(this.wire.update(this, update));
	}

	/** Opens the socket; resolves once synced, rejects if it closes first or times out. */
	connect(timeoutMs = 30_000): Promise<void> {
		this.synced = false;
		this.flights = 0;
		this.receivedSinceSend = true;
		const socket = new WebSocket(this.wire.url(this.base, this), { perMessageDeflate: false });
		this.socket = socket;
		return new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('sync timed out')), timeoutMs);
			const done = () => {
				clearTimeout(timer);
				resolve();
			};
			socket.on('error', () => {});
			socket.on('open', () => {
				this.wire.greet(this);
				if (this.wire.syncedOnOpen) this.markSynced(done);
			});
			socket.on('message', (data: Buffer) => {
				this.bytesIn += data.byteLength;
				this.receivedSinceSend = true;
				this.framesIn++;
				const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
				this.handle(this.wire.receive(this, frame), done);
			});
			socket.on('close', (code) => {
				clearTimeout(timer);
				if (this.socket === socket) this.socket = null;
				if (!this.synced) reject(new Error(`closed with ${code} before sync`));
				this.synced = false;
				this.events.onClose?.(this, code);
			});
		});
	}

	private handle(incoming: Incoming, done: () => void): void {
		switch (incoming.kind) {
			case 'update':
				this.events.onUpdate?.(this, incoming.update);
				return;
			case 'synced':
				this.applySynced(incoming.update);
				this.markSynced(done);
				return;
			case 'ack':
				this.events.onAck?.(this);
				return;
			case 'refused':
				this.refusals++;
				return;
		}
	}

	/** A full client applies the server's state here; the raw client does not keep it. */
	protected applySynced(_update: Uint8Array): void {}

	private markSynced(done: () => void): void {
		if (this.synced) return;
		this.synced = true;
		this.events.onSynced?.(this);
		done();
	}

	close(): void {
		this.socket?.terminate();
		this.socket = null;
	}
}

/** A full client with a Y.Doc: used to verify what the server holds and to catch up (R5). */
export class DocClient extends RawClient {
	readonly doc = new Y.Doc();

	constructor(wire: Wire, base: string, room: RoomRef, member: Member, events: ClientEvents = {}) {
		super(wire, base, room, member, {
			...events,
			onUpdate: (client, update) => {
				Y.applyUpdate(this.doc, update);
				events.onUpdate?.(client, update);
			}
		});
		this.doc.clientID = member.clientId;
	}

	override stateVector(): Uint8Array {
		return Y.encodeStateVector(this.doc);
	}

	override ownState(serverSv: Uint8Array): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc, serverSv);
	}

	protected override applySynced(update: Uint8Array): void {
		Y.applyUpdate(this.doc, update);
	}
}
