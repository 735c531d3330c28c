/**
 * Clients for relay tests: real y-websocket providers that answer the relay's challenge and count
 * acks and refusals, and the records they write. Member identities (members.ts), raw sockets that
 * count every byte (raw-client.ts) and frame helpers (relay-frames.ts) are re-exported: tests
 * import every helper from here.
 */
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	encodeProof,
	MESSAGE_ACK,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_REFUSED,
	readAckBody,
	readRefusedBody,
	SYNC_PATH
} from '../../src/lib/sync/protocol';
import { testMember, type TestMember } from './members';
import { destroyRawClients } from './raw-client';
import type { RelayProcess } from './relay-process';

export * from './members';
export * from './raw-client';
export * from './relay-frames';

export const randomBoardId = (): string => randomBytes(16).toString('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** The collection test records go to unless a test says otherwise. */
export const POSTS = 'posts';

/** A Y.Doc whose client id comes from the seeded generator. */
export function seededDoc(gen: prng.PRNG): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = prng.uint32(gen, 0, 2 ** 32 - 1);
	return doc;
}

/** Writes (or replaces) one of the member's records, as one Yjs transaction. */
export function writeRecord(
	doc: Y.Doc,
	member: TestMember,
	recordId: string,
	value: unknown,
	collection = POSTS
): void {
	doc.getMap(collection).set(member.key(recordId), value);
}

/** Every record of a collection, as JSON. */
export function records(doc: Y.Doc, collection = POSTS): Record<string, unknown> {
	return doc.getMap(collection).toJSON();
}

/**
 * The records as one JSON string with object keys sorted at every depth, for comparing replicas:
 * a Y.Map iterates in the order the replica learnt its keys.
 */
export function canonicalRecords(doc: Y.Doc, collection = POSTS): string {
	return JSON.stringify(sortKeys(records(doc, collection)));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.sort(([a], [b]) => (a < b ? -1 : 1))
			.map(([k, v]) => [k, sortKeys(v)])
	);
}

export interface SyncClient {
	member: TestMember;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Challenges answered (one per connection the relay accepted the token of). */
	challenges: number;
	/** Decoded state vectors of every ack received, oldest first. */
	acks: Map<number, number>[];
	/** Refusals the relay sent (an honest client must never get one). */
	refusals: { reason: string; detail: string }[];
	/** Close events the provider saw. */
	closes: { code: number; reason: string }[];
	/** Clocks this client wrote (local transactions, and whatever its doc held at the start). */
	written: Map<number, number>;
	/**
	 * True when the last ack covers everything this client wrote. (Acks answer the client's own
	 * updates, so they need not cover what other members wrote meanwhile.)
	 */
	isAcked(): boolean;
	/** Writes one of this client's member's records. */
	write(recordId: string, value: unknown, collection?: string): void;
	destroy(): void;
}

export interface ClientOptions {
	/** A fresh member otherwise. */
	member?: TestMember;
	doc?: Y.Doc;
	/** Open the socket at once (y-websocket's default). */
	connect?: boolean;
	/** Longest wait between reconnection attempts (y-websocket's default: 2.5 s). */
	maxBackoffTime?: number;
}

const clients = new Set<SyncClient>();

/** A y-websocket provider that proves its member identity when the relay challenges it. */
export function connectClient(
	relay: RelayProcess,
	boardId: string,
	token: string,
	options: ClientOptions = {}
): SyncClient {
	const member = options.member ?? testMember();
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(relay.wsUrl + SYNC_PATH, boardId, doc, {
		params: { token },
		connect: options.connect ?? true,
		maxBackoffTime: options.maxBackoffTime,
		// y-websocket types its option as the DOM WebSocket, which ws implements for its purposes.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const acks: Map<number, number>[] = [];
	const closes: { code: number; reason: string }[] = [];
	const refusals: { reason: string; detail: string }[] = [];
	const written = Y.decodeStateVector(Y.encodeStateVector(doc));
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin === provider) return; // from the relay
		for (const [id, clock] of Y.parseUpdateMeta(update).to) {
			if (clock > (written.get(id) ?? 0)) written.set(id, clock);
		}
	});
	// Signing is synchronous in Node, so the proof goes out through the handler's own encoder, on
	// the socket that received the challenge.
	provider.messageHandlers[MESSAGE_AUTH_CHALLENGE] = (encoder, decoder: decoding.Decoder) => {
		const nonce = decoding.readVarUint8Array(decoder);
		client.challenges++;
		encoding.writeUint8Array(encoder, encodeProof(member.proof(boardId, nonce, doc.clientID)));
	};
	provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder: decoding.Decoder) => {
		acks.push(Y.decodeStateVector(readAckBody(decoder)));
	};
	provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder: decoding.Decoder) => {
		refusals.push(readRefusedBody(decoder));
	};
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	const client: SyncClient = {
		member,
		doc,
		provider,
		challenges: 0,
		acks,
		refusals,
		closes,
		written,
		isAcked: () => {
			const last = acks.at(-1);
			return last !== undefined && covers(last, written);
		},
		write: (recordId, value, collection) => writeRecord(doc, member, recordId, value, collection),
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
	destroyRawClients();
}

/** Every clock in `wanted` is reached in `sv`. */
export function covers(sv: Map<number, number>, wanted: Map<number, number>): boolean {
	for (const [client, clock] of wanted) if ((sv.get(client) ?? 0) < clock) return false;
	return true;
}

export async function waitFor(
	condition: () => boolean,
	what: string | (() => string),
	timeoutMs = 10_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
/** Opens a fresh provider (a fresh member: reading needs no write scope) and syncs it. */
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
