/** Clients for relay tests: real y-websocket providers and raw sockets that count every byte. */
import { randomBytes } from 'node:crypto';
import type * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_ACK, readAckBody, SYNC_PATH } from '../../src/lib/sync/protocol';
import type { RelayProcess } from './relay-process';

export const randomBoardId = (): string => randomBytes(16).toString('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');

export interface SyncClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Decoded state vectors of every ack received, oldest first. */
	acks: Map<number, number>[];
	/** Close events the provider saw. */
	closes: { code: number; reason: string }[];
	/** True when the last ack covers everything in the local doc. */
	isAcked(): boolean;
	destroy(): void;
}

const clients = new Set<SyncClient>();

export function connectClient(
	relay: RelayProcess,
	boardId: string,
	token: string,
	doc = new Y.Doc()
): SyncClient {
	const provider = new WebsocketProvider(relay.wsUrl + SYNC_PATH, boardId, doc, {
		params: { token },
		// y-websocket types its option as the DOM WebSocket, which ws implements for its purposes.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const acks: Map<number, number>[] = [];
	const closes: { code: number; reason: string }[] = [];
	provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
		acks.push(Y.decodeStateVector(readAckBody(decoder)));
	};
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	const client: SyncClient = {
		doc,
		provider,
		acks,
		closes,
		isAcked: () => {
			const last = acks.at(-1);
			return last !== undefined && covers(last, Y.decodeStateVector(Y.encodeStateVector(doc)));
		},
		destroy: () => {
			clients.delete(client);
			provider.destroy();
		}
	};
	clients.add(client);
	return client;
}

export function destroyAllClients(): void {
	for (const client of [...clients]) client.destroy();
	for (const socket of [...rawSockets]) socket.terminate();
}

/** Every clock in `wanted` is reached in `sv`. */
export function covers(sv: Map<number, number>, wanted: Map<number, number>): boolean {
	for (const [client, clock] of wanted) if ((sv.get(client) ?? 0) < clock) return false;
	return true;
}

export async function waitFor(
	condition: () => boolean,
	what: string,
	timeoutMs = 10_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface RawClient {
	socket: WebSocket;
	received: Uint8Array[];
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
}

const rawSockets = new Set<WebSocket>();

export function rawClient(url: string): RawClient {
	const socket = new WebSocket(url);
	rawSockets.add(socket);
	const received: Uint8Array[] = [];
	socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
	// A refused or cut connection is an expected outcome in these tests, not a crash.
	socket.on('error', () => {});
	const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		socket.once('close', (code, reason) => {
			rawSockets.delete(socket);
			resolve({ code, reason: reason.toString() });
		})
	);
	return { socket, received, opened, closed };
}

export function syncUrl(relay: RelayProcess, boardId: string, token: string): string {
	return `${relay.wsUrl}${SYNC_PATH}/${boardId}?token=${token}`;
}

/** Opens a fresh provider and returns the doc once it has synced with the relay. */
export async function fetchDoc(
	relay: RelayProcess,
	boardId: string,
	token: string
): Promise<Y.Doc> {
	const client = connectClient(relay, boardId, token);
	await waitFor(() => client.provider.synced, 'initial sync');
	client.destroy();
	return client.doc;
}
