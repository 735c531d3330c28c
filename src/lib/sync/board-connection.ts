/**
 * One board's link to the relay: y-websocket's provider plus what it lacks here — jittered
 * backoff, reacting to the browser's online/offline events, and the relay's durable-storage acks.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { reconnectDelay } from './backoff';
import { withoutClients } from './handover/without-clients';
import type { DeviceCertificate } from '../domain/identity/device-chain';
import {
	CLOSE_AUTH_FAILED,
	CLOSE_BAD_REQUEST,
	CLOSE_BAD_TOKEN,
	CLOSE_CLIENT_ID_TAKEN,
	CLOSE_REMOVED,
	CLOSE_DEVICE_REMOVED,
	CLOSE_INVITE_REVOKED,
	CLOSE_TOO_MANY_REFUSALS,
	encodePacketMessage,
	encodeProof,
	MESSAGE_ACK,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_PACKET_RESULT,
	MESSAGE_REFUSED,
	MESSAGE_SYNC,
	packetId,
	proofPayload,
	readAckBody,
	readPacketResultBody,
	readRefusedBody,
	SYNC_PATH,
	type PacketResult
} from './protocol';

/** Origin of an update received by hand before the relay link exists (nothing sends it then). */
const RECEIVED = Symbol('received-by-hand');

/** Backoff step used after a 4400 or 4429 close: up to 16 s between tries. */
const SLOW_RETRY_ATTEMPT = 5;

/**
 * `refused`: the relay rejects the invite token or the member proof; `removed`: by an admin;
 * `device-removed`: the member took this device back from another of theirs; `invite-revoked`:
 * the invite link admits nobody new any more (revoked, expired or used up) and this member never
 * joined with it.
 */
export type LinkState =
	| 'offline'
	| 'connecting'
	| 'connected'
	| 'refused'
	| 'removed'
	| 'device-removed'
	| 'invite-revoked';

/** The member's signature over the relay's challenge (the private key never leaves `prove`). */
export interface MemberProof {
	memberId: string;
	/** This device's key; on a linked device `chain` leads to it from the member's root key. */
	publicKey: string;
	signature: Uint8Array;
	chain: DeviceCertificate[];
}

export interface ConnectionEvents {
	/**
	 * A local transaction wrote `clientId`'s structs from clock `from` up to `clock` (exclusive):
	 * they are pending until acknowledged.
	 */
	onLocalChange(clientId: number, clock: number, from: number): void;
	/** The relay committed everything up to this state vector. */
	onAck(stored: Map<number, number>): void;
	onState(state: LinkState): void;
	/** The relay refused something this device sent (should never happen to an honest app). */
	onRefused?(reason: string, detail: string): void;
	/** The relay stored, refused or put off a packet this phone handed it (issue 18). */
	onPacketResult?(result: PacketResult): void;
}

/** Packets received by hand (issue 18), as the relay link needs them. */
export interface HandedPackets {
	/** The packets to hand the relay on each connection, right after the member proof. */
	kept(): Promise<Uint8Array[]>;
	/** Client ids that came by hand: left out of this phone's sync step 2. */
	clients(): ReadonlySet<number>;
}

export interface ConnectionOptions {
	relayUrl: string;
	boardId: string;
	token: string;
	/** Signs the relay's challenge payload as the member. */
	prove(payload: Uint8Array): Promise<MemberProof>;
	/** Origins of updates that are not the user's own edits (persistence replays, remote sync). */
	ignoredOrigins: unknown[];
	/** Packets received by hand, handed to the relay before this phone's own sync. */
	packets?: HandedPackets;
	/** The WebSocket implementation (Node tests pass `ws`). */
	WebSocketImpl?: typeof WebSocket;
	random?: () => number;
}

export class BoardConnection {
	private provider: WebsocketProvider | null = null;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	private attempts = 0;
	private wanted = false;
	private state: LinkState = 'offline';
	/** The socket the member proof went out on: packets may follow it at once. */
	private provedSocket: WebSocket | null = null;
	/** Received while the current socket was not proved yet: sent after its proof. */
	private readonly afterProof = new Map<string, Uint8Array>();

	constructor(
		private readonly doc: Y.Doc,
		private readonly options: ConnectionOptions,
		private readonly events: ConnectionEvents
	) {}

	/**
	 * Counts local transactions by the clock they reached. A transaction that only deletes adds no
	 * struct and would not be counted: domain commands never delete, they replace records.
	 */
	private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this.provider || origin === RECEIVED) return;
		if (this.options.ignoredOrigins.includes(origin)) return;
		const { from, to } = Y.parseUpdateMeta(update);
		for (const [clientId, clock] of to) {
			this.events.onLocalChange(clientId, clock, from.get(clientId) ?? 0);
		}
	};

	/** Subscribes to local changes at once; connects now only when `connect` (i.e. online). */
	start(connect = true): void {
		this.doc.on('update', this.onUpdate);
		const url = new URL(SYNC_PATH, this.options.relayUrl);
		url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
		const provider = new WebsocketProvider(url.toString(), this.options.boardId, this.doc, {
			connect: false,
			params: { token: this.options.token },
			WebSocketPolyfill: this.options.WebSocketImpl ?? WebSocket,
			// Tabs of one device share IndexedDB and each talks to the relay itself.
			disableBc: true
		});
		provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
			this.events.onAck(Y.decodeStateVector(readAckBody(decoder)));
		};
		provider.messageHandlers[MESSAGE_AUTH_CHALLENGE] = (_encoder, decoder: decoding.Decoder) => {
			this.answerChallenge(provider, decoding.readVarUint8Array(decoder));
		};
		provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder: decoding.Decoder) => {
			const { reason, detail } = readRefusedBody(decoder);
			this.events.onRefused?.(reason, detail);
		};
		provider.messageHandlers[MESSAGE_PACKET_RESULT] = (_encoder, decoder: decoding.Decoder) => {
			this.events.onPacketResult?.(readPacketResultBody(decoder));
		};
		this.answerSyncWithoutHandedClients(provider);
		// "connected" only once the first handshake is done; until then the board is "connecting".
		provider.on(
			'status',
			({ status }) =>
				// A refusal is final: the "disconnected" that follows it must not hide it.
				!this.isFinal() && this.setState(status === 'disconnected' ? 'offline' : 'connecting')
		);
		provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.attempts = 0;
			this.setState('connected');
		});
		provider.on('connection-close', (event) => this.onClose(event));
		this.provider = provider;
		if (connect) this.resume();
		else this.wanted = false;
	}

	/** Connect now (app start, `online` event, user tap). */
	resume(): void {
		// The relay refused us for good; retrying on every `online` event would not fix it.
		if (this.isFinal()) return;
		this.wanted = true;
		this.clearRetry();
		if (this.provider && !this.provider.wsconnected && !this.provider.wsconnecting)
			this.provider.connect();
	}

	/** Stop talking to the relay (browser `offline` event); local work goes on. */
	pause(): void {
		this.wanted = false;
		this.clearRetry();
		this.provider?.disconnect();
		if (!this.isFinal()) this.setState('offline');
	}

	get linkState(): LinkState {
		return this.state;
	}

	/**
	 * Applies another member's update that came by hand, as if the relay had sent it: with the
	 * provider as origin, y-websocket does not send it on as this device's own update, and it is
	 * not counted as pending (onUpdate). The relay gets it as a packet instead.
	 */
	applyReceived(update: Uint8Array): void {
		Y.applyUpdate(this.doc, update, this.provider ?? RECEIVED);
	}

	/** Hands a packet to the relay now if this socket is proved, else right after its proof. */
	sendPacket(bytes: Uint8Array): void {
		const socket = this.provider?.ws;
		if (socket && socket === this.provedSocket && socket.readyState === 1) {
			socket.send(encodePacketMessage(bytes) as Uint8Array<ArrayBuffer>);
		} else {
			this.afterProof.set(packetId(bytes), bytes);
		}
	}

	destroy(): void {
		this.wanted = false;
		this.clearRetry();
		this.doc.off('update', this.onUpdate);
		this.provider?.destroy();
		this.provider = null;
	}

	/** Signing is async; the proof goes out on the socket that asked, if it is still open. */
	private answerChallenge(provider: WebsocketProvider, nonce: Uint8Array): void {
		const socket = provider.ws;
		const payload = proofPayload(this.options.boardId, nonce);
		// Presence must speak with the client id the relay binds (Yjs re-rolls a doc's id on a clash).
		if (provider.awareness.clientID !== this.doc.clientID) this.syncAwarenessId(provider);
		const kept = this.options.packets?.kept().catch((error: unknown) => {
			console.error('could not read the packets to hand over', error);
			return [];
		});
		Promise.all([this.options.prove(payload), kept]).then(
			([proof, packets = []]) => {
				if (provider.ws !== socket || socket?.readyState !== 1) return;
				socket.send(
					encodeProof({ ...proof, clientId: this.doc.clientID }) as Uint8Array<ArrayBuffer>
				);
				// Before this phone answers the relay's sync step 1: its step 2 then finds them stored.
				const handed = new Map(packets.map((bytes) => [packetId(bytes), bytes]));
				for (const [id, bytes] of this.afterProof) handed.set(id, bytes);
				this.afterProof.clear();
				for (const bytes of handed.values()) {
					socket.send(encodePacketMessage(bytes) as Uint8Array<ArrayBuffer>);
				}
				this.provedSocket = socket;
			},
			// Without a proof the relay closes the socket after its deadline; we retry then.
			(error: unknown) => console.error('could not sign the relay challenge', error)
		);
	}

	/**
	 * Answers the relay's sync step 1 like y-websocket does, minus the structs that came by hand
	 * (without-clients.ts): those reach the relay as packets, never as this member's own writes.
	 */
	private answerSyncWithoutHandedClients(provider: WebsocketProvider): void {
		const handle = provider.messageHandlers[MESSAGE_SYNC]!;
		provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
			const clients = this.options.packets?.clients();
			const start = decoder.pos;
			if (!clients?.size || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) {
				decoder.pos = start;
				return handle(encoder, decoder, ...rest);
			}
			const stateVector = decoding.readVarUint8Array(decoder);
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
			const update = Y.encodeStateAsUpdate(this.doc, stateVector);
			encoding.writeVarUint8Array(encoder, withoutClients(update, clients));
		};
	}

	/**
	 * Another member already writes with this Yjs client id (a 1 in 4 billion draw): take a new
	 * one, for the doc and its presence, and reconnect.
	 */
	private renewClientId(provider: WebsocketProvider): void {
		this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
		this.syncAwarenessId(provider);
	}

	private syncAwarenessId(provider: WebsocketProvider): void {
		// No removal of the old id is sent: the relay would refuse it as another client's state.
		const state = provider.awareness.getLocalState();
		provider.awareness.clientID = this.doc.clientID;
		provider.awareness.setLocalState(state);
	}

	private onClose(event: CloseEvent | null): void {
		const provider = this.provider;
		if (!provider || event === null) return; // closed by us: pause() or the silence watchdog
		// Take over y-websocket's lockstep retry (it checks shouldConnect before reconnecting).
		provider.shouldConnect = false;
		if (event.code === CLOSE_BAD_TOKEN || event.code === CLOSE_AUTH_FAILED) {
			this.wanted = false;
			this.setState('refused');
			return;
		}
		if (event.code === CLOSE_REMOVED || event.code === CLOSE_DEVICE_REMOVED) {
			this.wanted = false;
			this.setState(event.code === CLOSE_REMOVED ? 'removed' : 'device-removed');
			return;
		}
		if (event.code === CLOSE_INVITE_REVOKED) {
			this.wanted = false;
			this.setState('invite-revoked');
			return;
		}
		if (event.code === CLOSE_CLIENT_ID_TAKEN) {
			this.renewClientId(provider);
			this.attempts = 0;
		}
		// 4400 (a message the relay could not use) and 4429 (too many refusals) are not about the
		// token: retry, but slowly, so a client stuck on bad data does not loop against the relay.
		if (event.code === CLOSE_BAD_REQUEST || event.code === CLOSE_TOO_MANY_REFUSALS) {
			this.attempts = Math.max(this.attempts, SLOW_RETRY_ATTEMPT);
		}
		if (!this.wanted) return;
		this.setState('offline');
		this.clearRetry();
		const delay = reconnectDelay(this.attempts++, this.options.random);
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			if (this.wanted) provider.connect();
		}, delay);
	}

	private isFinal(): boolean {
		return (
			this.state === 'refused' ||
			this.state === 'removed' ||
			this.state === 'device-removed' ||
			this.state === 'invite-revoked'
		);
	}

	private clearRetry(): void {
		if (this.retryTimer !== null) clearTimeout(this.retryTimer);
		this.retryTimer = null;
	}

	private setState(state: LinkState): void {
		if (this.state === state) return;
		this.state = state;
		this.events.onState(state);
	}
}
