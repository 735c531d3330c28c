/**
 * Clients for relay tests: member identities, real y-websocket providers that answer the relay's
 * challenge, and raw sockets that count every byte.
 */
import {
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	randomBytes,
	sign,
	type KeyObject
} from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { memberIdFromPublicKey } from '../../src/lib/domain/identity/member-id';
import {
	certificatePayload,
	type DeviceCertificate
} from '../../src/lib/domain/identity/device-chain';
import {
	encodeProof,
	MESSAGE_ACK,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_REFUSED,
	MESSAGE_SYNC,
	proofPayload,
	readAckBody,
	readRefusedBody,
	SYNC_PATH,
	type AuthProof
} from '../../src/lib/sync/protocol';
import type { RelayProcess } from './relay-process';

export const randomBoardId = (): string => randomBytes(16).toString('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** The collection test records go to unless a test says otherwise. */
export const POSTS = 'posts';

/**
 * A member as the app has one: an Ed25519 key pair, and the id derived from the public key. Or
 * one of the member's linked devices (`linkDevice`): its own key pair, and a chain of
 * certificates from the member's first key to it.
 */
export interface TestMember {
	memberId: string;
	/** Raw public key of this device, base64url (the JWK `x`): the member's root key on the first. */
	publicKey: string;
	/** Certificates from the member's root key to `publicKey`; empty on the first device. */
	chain: DeviceCertificate[];
	sign(payload: Uint8Array): Uint8Array;
	/** The answer to a relay challenge for `boardId`, writing with Yjs client `clientId`. */
	proof(boardId: string, nonce: Uint8Array, clientId: number): AuthProof;
	/** `<memberId>:<recordId>`: the only kind of key this member may write. */
	key(recordId: string): string;
}

/**
 * A fresh member; with `gen`, one derived from the seeded generator, so that a test's member ids
 * (and the bytes of every record key) are the same on every run with the same seed.
 */
export function testMember(gen?: prng.PRNG): TestMember {
	const keys = gen ? keyPairFromSeed(prng.uint8Array(gen, 32)) : generateKeyPairSync('ed25519');
	const publicKey = rawPublicKey(keys.publicKey);
	return device(publicKey, signer(keys.privateKey), memberIdFromPublicKey(publicKey), []);
}

export interface LinkOptions {
	label?: string;
	addedAt?: number;
	/** The member id the certificate is signed for; the issuer's otherwise. */
	memberId?: string;
	/** Signs the certificate with this key instead of the issuer's (a forgery). */
	signer?: TestMember;
	/** Links this existing device's key pair instead of a new one (one device, two members). */
	keysOf?: TestMember;
}

/**
 * A new device of `issuer`'s member, certified by `issuer`: the member's first device or one
 * already linked. Its chain is the issuer's plus the new certificate.
 */
export function linkDevice(issuer: TestMember, options: LinkOptions = {}): TestMember {
	const keys = options.keysOf ?? testMember();
	const unsigned: DeviceCertificate = {
		deviceKey: keys.publicKey,
		encryptionKey: testEncryptionKey(),
		label: options.label ?? 'Téléphone',
		addedAt: options.addedAt ?? Date.now(),
		issuer: issuer.publicKey,
		signature: ''
	};
	const payload = certificatePayload(options.memberId ?? issuer.memberId, unsigned);
	const signature = Buffer.from((options.signer ?? issuer).sign(payload)).toString('base64url');
	return device(keys.publicKey, keys.sign, issuer.memberId, [
		...issuer.chain,
		{ ...unsigned, signature }
	]);
}

/** The certificate that linked this device (its chain's last). */
export function certificateOf(member: TestMember): DeviceCertificate {
	const certificate = member.chain.at(-1);
	if (!certificate) throw new Error('a first device has no certificate');
	return certificate;
}

/** The member's first key, which the member id derives from. */
export function rootKeyOf(member: TestMember): string {
	return member.chain[0]?.issuer ?? member.publicKey;
}

function signer(privateKey: KeyObject): (payload: Uint8Array) => Uint8Array {
	return (payload) => new Uint8Array(sign(null, payload, privateKey));
}

function device(
	x: string,
	signBytes: (payload: Uint8Array) => Uint8Array,
	memberId: string,
	chain: DeviceCertificate[]
): TestMember {
	return {
		memberId,
		publicKey: x,
		chain,
		sign: signBytes,
		proof: (boardId, nonce, clientId) => ({
			memberId,
			publicKey: x,
			clientId,
			signature: signBytes(proofPayload(boardId, nonce)),
			chain
		}),
		key: (recordId) => `${memberId}:${recordId}`
	};
}

function rawPublicKey(publicKey: KeyObject): string {
	const x = publicKey.export({ format: 'jwk' }).x;
	if (x === undefined) throw new Error('no raw public key in the JWK');
	return x;
}

/** A raw P-256 public key in base64url, as a device's ECDH key is published. */
function testEncryptionKey(): string {
	const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
		format: 'der',
		type: 'spki'
	});
	return spki.subarray(spki.byteLength - 65).toString('base64url');
}

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyPairFromSeed(seed: Uint8Array): { publicKey: KeyObject; privateKey: KeyObject } {
	const privateKey = createPrivateKey({
		key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
		format: 'der',
		type: 'pkcs8'
	});
	return { privateKey, publicKey: createPublicKey(privateKey) };
}

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
	for (const socket of [...rawSockets]) socket.terminate();
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

export interface RawClient {
	socket: WebSocket;
	/** Every frame received, the challenge included. */
	received: Uint8Array[];
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
	/** Set once the socket closed. */
	closeCode: number | null;
	/** Resolves with the challenge's nonce (never, if the relay sends none). */
	challenge: Promise<Uint8Array>;
	/** Resolves when the first frame after the challenge arrives: the relay admitted the proof. */
	admitted: Promise<void>;
	send(frame: Uint8Array): void;
}

export interface RawOptions {
	/** Answer the challenge as this member. */
	member?: TestMember;
	/** The Yjs client id the proof claims (random otherwise). */
	clientId?: number;
	/** Changes the proof before it is sent (wrong signatures, ids, boards). */
	tamper?: (proof: AuthProof) => AuthProof;
}

const rawSockets = new Set<WebSocket>();

export function rawClient(url: string, options: RawOptions = {}): RawClient {
	const socket = new WebSocket(url);
	rawSockets.add(socket);
	const received: Uint8Array[] = [];
	let onChallenge: (nonce: Uint8Array) => void = () => {};
	let onAdmitted: () => void = () => {};
	const challenge = new Promise<Uint8Array>((resolve) => (onChallenge = resolve));
	const admitted = new Promise<void>((resolve) => (onAdmitted = resolve));
	let challenged = false;
	socket.on('message', (data: Buffer) => {
		const frame = new Uint8Array(data);
		received.push(frame);
		if (challenged) {
			onAdmitted();
			return;
		}
		if (messageType(frame) !== MESSAGE_AUTH_CHALLENGE) return;
		challenged = true;
		const nonce = readChallenge(frame);
		onChallenge(nonce);
		if (options.member) {
			const boardId = new URL(url).pathname.slice(SYNC_PATH.length + 1);
			const clientId = options.clientId ?? randomClientId();
			let proof = options.member.proof(boardId, nonce, clientId);
			if (options.tamper) proof = options.tamper(proof);
			socket.send(encodeProof(proof));
		}
	});
	// A refused or cut connection is an expected outcome in these tests, not a crash.
	socket.on('error', () => {});
	const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
	const raw: RawClient = {
		socket,
		received,
		opened,
		closed: new Promise((resolve) =>
			socket.once('close', (code, reason) => {
				rawSockets.delete(socket);
				raw.closeCode = code;
				resolve({ code, reason: reason.toString() });
			})
		),
		closeCode: null,
		challenge,
		admitted,
		send: (frame) => {
			if (socket.readyState === socket.OPEN) socket.send(frame);
		}
	};
	return raw;
}

/** A raw socket that proved `member`'s identity and was admitted (greeted with sync step 1). */
export async function admittedRaw(
	relay: RelayProcess,
	boardId: string,
	token: string,
	member: TestMember,
	clientId = randomClientId()
): Promise<RawClient> {
	const raw = rawClient(syncUrl(relay, boardId, token), { member, clientId });
	await Promise.race([
		raw.admitted,
		raw.closed.then(({ code }) => {
			throw new Error(`closed with ${code} before admission`);
		})
	]);
	return raw;
}

export function syncUrl(relay: RelayProcess, boardId: string, token: string): string {
	return `${relay.wsUrl}${SYNC_PATH}/${boardId}?token=${token}`;
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

/** Yjs picks client ids in [0, 2^32); so do we. */
export function randomClientId(): number {
	return randomBytes(4).readUInt32LE();
}

// Frames. Every Quartier message type fits in one varuint byte.

export function messageType(frame: Uint8Array): number {
	try {
		return decoding.readVarUint(decoding.createDecoder(frame));
	} catch {
		return -1;
	}
}

export const isAck = (frame: Uint8Array): boolean => messageType(frame) === MESSAGE_ACK;
export const isRefused = (frame: Uint8Array): boolean => messageType(frame) === MESSAGE_REFUSED;

export function readChallenge(frame: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}

export function ackStateVector(frame: Uint8Array): Map<number, number> {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return Y.decodeStateVector(readAckBody(decoder));
}

export function refusal(frame: Uint8Array): { reason: string; detail: string } {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return readRefusedBody(decoder);
}

/** y-protocols sync message: 0 = step 1 (state vector), 1 = step 2, 2 = update. */
export function syncFrame(payload: Uint8Array, syncType = 2): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** Frames the relay answers a sync update with: its ack, or its refusal. */
export const isVerdict = (frame: Uint8Array): boolean => isAck(frame) || isRefused(frame);
