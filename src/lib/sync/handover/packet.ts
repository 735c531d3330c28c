/**
 * A signed packet (issue 18): one member's own changes to one board, handed from phone to phone at
 * the door (QR, file) and later to the relay. Binary, lib0 encoding, in this order:
 *
 *   "quartier/packet/v1" · board id · member id · signing device key · certificate chain (JSON,
 *   "" on the member's first device) · about ("" or what the packet is for, e.g. a booking key) ·
 *   created at (ms) · the Yjs client ids it carries · the update (canonical V1) · signature
 *
 * The Ed25519 signature of the signing device covers every byte before it, so nothing can be
 * moved to another board, member or update. The relay and every phone check a packet the same way
 * (check-packet.ts); this file only reads and writes the bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as v from 'valibot';
import { DeviceRecord, MAX_LINKED_DEVICES } from '../../domain/identity/device-record';
import type { DeviceCertificate } from '../../domain/identity/device-chain';

export const PACKET_TAG = 'quartier/packet/v1';
/**
 * A door packet is a few hundred bytes to a few KB; a file may carry a bigger batch. Above this,
 * reading it would already be the problem.
 */
export const MAX_PACKET_BYTES = 1024 * 1024;
/** A member writes with one client id per device and session; far more means a hostile packet. */
export const MAX_PACKET_CLIENTS = 256;
const MAX_ABOUT_CHARS = 200;

export interface PacketBody {
	boardId: string;
	memberId: string;
	/** Raw Ed25519 key (base64url) of the device that signed. */
	deviceKey: string;
	/** From the member's root key to `deviceKey`; empty when `deviceKey` is the root key. */
	chain: DeviceCertificate[];
	/** What the packet is for (a booking or engagement key), for the receiving screen; '' if none. */
	about: string;
	createdAt: number;
	/** The client ids whose structs the update carries (the member's). */
	clients: number[];
	update: Uint8Array;
}

export interface Packet extends PacketBody {
	signature: Uint8Array;
	/** The bytes the signature covers. */
	signed: Uint8Array;
}

const Chain = v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LINKED_DEVICES));

/** A chain in the one form packets carry it (the schema's fields and order), so it reads back the same. */
export function packetChain(chain: readonly DeviceCertificate[]): DeviceCertificate[] {
	return v.parse(Chain, chain);
}

/** The bytes a device signs for this body. */
export function packetSigningBytes(body: PacketBody): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, PACKET_TAG);
	encoding.writeVarString(encoder, body.boardId);
	encoding.writeVarString(encoder, body.memberId);
	encoding.writeVarString(encoder, body.deviceKey);
	encoding.writeVarString(encoder, body.chain.length ? JSON.stringify(body.chain) : '');
	encoding.writeVarString(encoder, body.about);
	encoding.writeVarUint(encoder, body.createdAt);
	encoding.writeVarUint(encoder, body.clients.length);
	for (const client of body.clients) encoding.writeVarUint(encoder, client);
	encoding.writeVarUint8Array(encoder, body.update);
	return encoding.toUint8Array(encoder);
}

export function encodePacket(signed: Uint8Array, signature: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeUint8Array(encoder, signed);
	encoding.writeVarUint8Array(encoder, signature);
	return encoding.toUint8Array(encoder);
}

/** Reads a packet, or says why its bytes are not one. Never throws. */
export function decodePacket(bytes: Uint8Array): Packet | { problem: string } {
	if (!(bytes instanceof Uint8Array)) return { problem: 'not bytes' };
	if (bytes.byteLength > MAX_PACKET_BYTES) return { problem: 'too big' };
	try {
		const decoder = decoding.createDecoder(bytes);
		if (decoding.readVarString(decoder) !== PACKET_TAG) return { problem: 'not a packet' };
		const boardId = decoding.readVarString(decoder);
		const memberId = decoding.readVarString(decoder);
		const deviceKey = decoding.readVarString(decoder);
		const chainText = decoding.readVarString(decoder);
		const about = decoding.readVarString(decoder);
		const createdAt = decoding.readVarUint(decoder);
		const count = decoding.readVarUint(decoder);
		if (count > MAX_PACKET_CLIENTS) return { problem: 'too many clients' };
		const clients: number[] = [];
		for (let i = 0; i < count; i++) clients.push(decoding.readVarUint(decoder));
		const update = decoding.readVarUint8Array(decoder);
		const signedEnd = decoder.pos;
		const signature = decoding.readVarUint8Array(decoder);
		if (decoding.hasContent(decoder)) return { problem: 'trailing bytes' };
		if (signature.byteLength !== 64) return { problem: 'bad signature length' };
		if (about.length > MAX_ABOUT_CHARS) return { problem: 'about too long' };
		if (new Set(clients).size !== clients.length) return { problem: 'a client listed twice' };
		const chain = chainText === '' ? [] : v.parse(Chain, JSON.parse(chainText));
		const packet: Packet = {
			boardId,
			memberId,
			deviceKey,
			chain,
			about,
			createdAt,
			clients,
			update,
			signature,
			signed: bytes.slice(0, signedEnd)
		};
		// One spelling per packet: what is signed is what was read (a chain re-serialised the same).
		const again = packetSigningBytes(packet);
		if (!sameBytes(again, packet.signed)) return { problem: 'not in canonical form' };
		return packet;
	} catch (error) {
		return { problem: `malformed: ${error instanceof Error ? error.message : String(error)}` };
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
	return true;
}
