/**
 * Wire protocol shared by the app and the relay. Types 0–3 are y-websocket's own; Quartier adds
 * message types from 100 up so that an unmodified y-websocket client ignores nothing it knows.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as v from 'valibot';
import { DeviceRecord, MAX_LINKED_DEVICES } from '../domain/identity/device-record';
import type { DeviceCertificate } from '../domain/identity/device-chain';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Relay → client: "every update this connection sent so far is committed to disk, and the stored
 * document now has this state vector". The app counts its unsynced changes against it.
 */
export const MESSAGE_ACK = 100;

/**
 * Relay → client, first message after the room token is accepted: a random nonce the member signs
 * to prove who they are. Nothing of the document is sent before a valid proof.
 */
export const MESSAGE_AUTH_CHALLENGE = 101;
/**
 * Client → relay: member id, the signing device's public key, the Yjs client id it writes with,
 * signature, then (for a linked device) the certificate chain from the member's root key.
 */
export const MESSAGE_AUTH_PROOF = 102;
/** Relay → client: an update or awareness message was refused, with a reason code and detail. */
export const MESSAGE_REFUSED = 103;

/** URL path of the websocket endpoint; the room (board id) follows it: `/sync/<boardId>?token=…`. */
export const SYNC_PATH = '/sync';

/** Close codes. 4400–4499 tell y-websocket not to reconnect (the server refused for good). */
export const CLOSE_BAD_REQUEST = 4400;
export const CLOSE_BAD_TOKEN = 4401;
/**
 * The member proof is wrong (bad signature, id not derived from the root key, a device chain
 * that does not check out). Final.
 */
export const CLOSE_AUTH_FAILED = 4403;
/** An admin removed this member from the board. Final. */
export const CLOSE_REMOVED = 4410;
/**
 * The member took this device back (its key is marked removed in their profile), or its chain
 * goes through a device they took back by a certificate their profile does not list (one the
 * lost device may have issued after it was taken back). Final: link the device again from a
 * device the member still has.
 */
export const CLOSE_DEVICE_REMOVED = 4411;
/**
 * The token is an invite link that admits nobody new any more (revoked, expired or used up), and
 * this member never joined the board. Sent after the member proof, before any byte of the board.
 * Final: only a live link, from an admin, lets this person in.
 */
export const CLOSE_INVITE_REVOKED = 4412;
/** Too many refused updates on one connection. Retried slowly. */
export const CLOSE_TOO_MANY_REFUSALS = 4429;
/** No valid proof within the deadline or byte budget. Transient. */
export const CLOSE_AUTH_TIMEOUT = 4008;
/** The Yjs client id is bound to another member: pick a new one and reconnect. Transient. */
export const CLOSE_CLIENT_ID_TAKEN = 4009;
/** Too many messages or bytes per second. Transient. */
export const CLOSE_RATE_LIMITED = 4029;
/** RFC 6455: message too big (the ws library sends it when `maxPayload` is exceeded). */
export const CLOSE_FRAME_TOO_LARGE = 1009;
/** RFC 6455 "service restart": the relay is shutting down; clients reconnect with backoff. */
export const CLOSE_RESTART = 1012;

/** Board ids and room tokens are 128-bit values in base64url without padding: 22 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Room tokens are 256-bit values in base64url: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function encodeAck(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ACK);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Reads the body of an ack after its message type has been read. */
export function readAckBody(decoder: decoding.Decoder): Uint8Array {
	return decoding.readVarUint8Array(decoder);
}

export function encodeChallenge(nonce: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH_CHALLENGE);
	encoding.writeVarUint8Array(encoder, nonce);
	return encoding.toUint8Array(encoder);
}

export interface AuthProof {
	memberId: string;
	/** Raw Ed25519 public key of the signing device, base64url. */
	publicKey: string;
	clientId: number;
	signature: Uint8Array;
	/**
	 * Empty on the member's first device (its key is the root key the member id derives from).
	 * On a linked device: the certificates from the root key to `publicKey` (device-chain.ts).
	 */
	chain: DeviceCertificate[];
}

const ProofChain = v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LINKED_DEVICES));

export function encodeProof(proof: AuthProof): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH_PROOF);
	encoding.writeVarString(encoder, proof.memberId);
	encoding.writeVarString(encoder, proof.publicKey);
	encoding.writeVarUint(encoder, proof.clientId);
	encoding.writeVarUint8Array(encoder, proof.signature);
	// Older relays stop reading after the signature, so a first device's proof stays as it was.
	if (proof.chain.length > 0) encoding.writeVarString(encoder, JSON.stringify(proof.chain));
	return encoding.toUint8Array(encoder);
}

/** Reads a proof after its message type; throws on malformed input. */
export function readProofBody(decoder: decoding.Decoder): AuthProof {
	const memberId = decoding.readVarString(decoder);
	const publicKey = decoding.readVarString(decoder);
	const clientId = decoding.readVarUint(decoder);
	const signature = decoding.readVarUint8Array(decoder);
	const chain = decoding.hasContent(decoder)
		? v.parse(ProofChain, JSON.parse(decoding.readVarString(decoder)))
		: [];
	return { memberId, publicKey, clientId, signature, chain };
}

/** What a member signs to join a room: bound to the board and to this connection's nonce. */
export function proofPayload(boardId: string, nonce: Uint8Array): Uint8Array {
	const hex = Array.from(nonce, (b) => b.toString(16).padStart(2, '0')).join('');
	return new TextEncoder().encode(`quartier/connect/v1\n${boardId}\n${hex}`);
}

export function encodeRefused(reason: string, detail: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_REFUSED);
	encoding.writeVarString(encoder, reason);
	encoding.writeVarString(encoder, detail);
	return encoding.toUint8Array(encoder);
}

export function readRefusedBody(decoder: decoding.Decoder): { reason: string; detail: string } {
	return { reason: decoding.readVarString(decoder), detail: decoding.readVarString(decoder) };
}

/**
 * Client → relay: a signed packet (sync/handover/packet.ts) this phone received by hand, sent
 * right after the member proof and before this phone's own sync step 2, so that what it answers
 * the relay finds the author's data already stored (issue 18).
 */
export const MESSAGE_PACKET = 104;
/**
 * Relay → client: what became of one packet, named by `packetId`, once it is committed (or
 * refused): `ok`, or a refusal reason; `retryable` when it only waits for older data of its
 * author's and should be sent again on a later connection.
 */
export const MESSAGE_PACKET_RESULT = 105;

export interface PacketResult {
	/** `packetId` of the packet: hex of its signature's first 16 bytes. */
	id: string;
	/** 'ok', or a refusal reason (check-packet.ts `PacketRefusalReason`). */
	outcome: string;
	detail: string;
	retryable: boolean;
}

/** Names a packet by its signature's first 16 bytes (the last 64 bytes of a well-formed one). */
export function packetId(bytes: Uint8Array): string {
	const start = Math.max(0, bytes.byteLength - 64);
	return Array.from(bytes.subarray(start, start + 16), (b) => b.toString(16).padStart(2, '0')).join(
		''
	);
}

export function encodePacketMessage(packet: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_PACKET);
	encoding.writeVarUint8Array(encoder, packet);
	return encoding.toUint8Array(encoder);
}

/** Reads a packet message's bytes after its type; throws on malformed input. */
export function readPacketBody(decoder: decoding.Decoder): Uint8Array {
	return decoding.readVarUint8Array(decoder);
}

export function encodePacketResult(result: PacketResult): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_PACKET_RESULT);
	encoding.writeVarString(encoder, result.id);
	encoding.writeVarString(encoder, result.outcome);
	encoding.writeVarString(encoder, result.detail);
	encoding.writeUint8(encoder, result.retryable ? 1 : 0);
	return encoding.toUint8Array(encoder);
}

export function readPacketResultBody(decoder: decoding.Decoder): PacketResult {
	return {
		id: decoding.readVarString(decoder),
		outcome: decoding.readVarString(decoder),
		detail: decoding.readVarString(decoder),
		retryable: decoding.readUint8(decoder) === 1
	};
}
