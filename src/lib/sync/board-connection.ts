/**
 * One board's link to the relay: y-websocket's provider plus what it lacks here — jittered
 * backoff, reacting to the browser's online/offline events, and the relay's durable-storage acks.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { reconnectDelay } from './backoff';
import {
	CLOSE_BAD_REQUEST,
	CLOSE_BAD_TOKEN,
	MESSAGE_ACK,
	readAckBody,
	SYNC_PATH
} from './protocol';

/** Backoff step used after a 4400 close: up to 16 s between tries. */
const SLOW_RETRY_ATTEMPT = 5;

export type LinkState = 'offline' | 'connecting' | 'connected' | 'refused';

export interface ConnectionEvents {
	/** A local transaction reached `clock` for `clientId`: it is pending until acknowledged. */
	onLocalChange(clientId: number, clock: number): void;
	/** The relay committed everything up to this state vector. */
	onAck(stored: Map<number, number>): void;
	onState(state: LinkState): void;
}

export interface ConnectionOptions {
	relayUrl: string;
	boardId: string;
	token: string;
	/** Origins of updates that are not the user's own edits (persistence replays, remote sync). */
	ignoredOrigins: unknown[];
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
		if (origin === this.provider || this.options.ignoredOrigins.includes(origin)) return;
		const { to } = Y.parseUpdateMeta(update);
		for (const [clientId, clock] of to) this.events.onLocalChange(clientId, clock);
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
		// "connected" only once the first handshake is done; until then the board is "connecting".
		provider.on(
			'status',
			({ status }) =>
				// A refusal is final: the "disconnected" that follows it must not hide it.
				this.state !== 'refused' &&
				this.setState(status === 'disconnected' ? 'offline' : 'connecting')
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
		// The relay refused this board's token; retrying on every `online` event would not fix it.
		if (this.state === 'refused') return;
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
		if (this.state !== 'refused') this.setState('offline');
	}

	get linkState(): LinkState {
		return this.state;
	}

	destroy(): void {
		this.wanted = false;
		this.clearRetry();
		this.doc.off('update', this.onUpdate);
		this.provider?.destroy();
		this.provider = null;
	}

	private onClose(event: CloseEvent | null): void {
		const provider = this.provider;
		if (!provider || event === null) return; // closed by us: pause() or the silence watchdog
		// Take over y-websocket's lockstep retry (it checks shouldConnect before reconnecting).
		provider.shouldConnect = false;
		if (event.code === CLOSE_BAD_TOKEN) {
			this.wanted = false;
			this.setState('refused');
			return;
		}
		// 4400 (a message the relay could not use) is not about the token: retry, but slowly, so a
		// client stuck on bad data does not loop against the relay.
		if (event.code === CLOSE_BAD_REQUEST)
			this.attempts = Math.max(this.attempts, SLOW_RETRY_ATTEMPT);
		if (!this.wanted) return;
		this.setState('offline');
		this.clearRetry();
		const delay = reconnectDelay(this.attempts++, this.options.random);
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			if (this.wanted) provider.connect();
		}, delay);
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
