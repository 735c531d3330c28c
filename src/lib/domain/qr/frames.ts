/**
 * A payload (a signed packet, 300 B – 20 KB) as the text of one or more QR codes. Every frame is
 * bytes written as digits (numeric-bytes.ts):
 *
 *   'Q' 1 | index u16 | total u16 | payload id (6 bytes of SHA-256 of the whole) | chunk | CRC-32
 *
 * The payload id keeps frames of two payloads apart; the CRC refuses a frame damaged in a paste;
 * the whole SHA-256 prefix is checked again once every frame is in (frame-collector.ts).
 */
import { digest } from 'lib0/hash/sha256';
import { crc32 } from './crc32';
import { bytesToDigits, digitsToBytes } from './numeric-bytes';

const MAGIC = 0x51;
const VERSION = 1;
const ID_BYTES = 6;
const HEADER_BYTES = 6 + ID_BYTES;
const CRC_BYTES = 4;

/**
 * Payload bytes per frame: with the 16 bytes of framing, 406 bytes = 986 digits, the most a QR
 * code of version 15 holds at error correction M (991 digits, 77 × 77 modules). Past version 15
 * the modules of a code on a phone screen get too small for a phone camera at arm's length; M
 * keeps a reflection or a scratch on the screen from breaking it. frames.test.ts checks the fit.
 */
export const FRAME_PAYLOAD_BYTES = 390;
/** 200 frames of 390 bytes (78 KB) is far above the largest packet: more is not ours. */
export const MAX_FRAMES = 200;

export interface Frame {
	index: number;
	total: number;
	/** The payload's id as hex: equal ids, same payload. */
	id: string;
	chunk: Uint8Array;
}

export type ParsedFrame =
	| { kind: 'frame'; frame: Frame }
	/** Digits with our mark whose checks fail: a damaged or truncated frame. */
	| { kind: 'damaged' }
	/** Anything else: a URL, a product code, garbage. */
	| { kind: 'foreign' };

export function payloadId(bytes: Uint8Array): Uint8Array {
	return digest(bytes).subarray(0, ID_BYTES);
}

function hex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The frames' texts, in order; a payload that fits one frame gives exactly one. */
export function toFrames(
	bytes: Uint8Array,
	{ maxFrameBytes = FRAME_PAYLOAD_BYTES }: { maxFrameBytes?: number } = {}
): string[] {
	const size = Math.max(1, Math.floor(maxFrameBytes));
	const total = Math.max(1, Math.ceil(bytes.length / size));
	if (total > MAX_FRAMES) throw new RangeError(`payload needs ${total} frames (max ${MAX_FRAMES})`);
	const id = payloadId(bytes);
	const frames: string[] = [];
	for (let index = 0; index < total; index++) {
		const chunk = bytes.subarray(index * size, (index + 1) * size);
		const frame = new Uint8Array(HEADER_BYTES + chunk.length + CRC_BYTES);
		const view = new DataView(frame.buffer);
		frame[0] = MAGIC;
		frame[1] = VERSION;
		view.setUint16(2, index);
		view.setUint16(4, total);
		frame.set(id, 6);
		frame.set(chunk, HEADER_BYTES);
		view.setUint32(frame.length - CRC_BYTES, crc32(frame.subarray(0, frame.length - CRC_BYTES)));
		frames.push(bytesToDigits(frame));
	}
	return frames;
}

/** Never throws: whatever a camera or a paste gives, the answer is a frame or why not. */
export function parseFrame(text: string): ParsedFrame {
	const bytes = typeof text === 'string' ? digitsToBytes(text.trim()) : null;
	if (!bytes || bytes.length < HEADER_BYTES + CRC_BYTES || bytes[0] !== MAGIC) {
		return { kind: 'foreign' };
	}
	if (bytes[1] !== VERSION) return { kind: 'damaged' };
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const end = bytes.length - CRC_BYTES;
	if (view.getUint32(end) !== crc32(bytes.subarray(0, end))) return { kind: 'damaged' };
	const index = view.getUint16(2);
	const total = view.getUint16(4);
	if (total < 1 || total > MAX_FRAMES || index >= total) return { kind: 'damaged' };
	return {
		kind: 'frame',
		frame: {
			index,
			total,
			id: hex(bytes.subarray(6, HEADER_BYTES)),
			chunk: bytes.slice(HEADER_BYTES, end)
		}
	};
}

export function sameId(frameId: string, bytes: Uint8Array): boolean {
	return frameId === hex(payloadId(bytes));
}
