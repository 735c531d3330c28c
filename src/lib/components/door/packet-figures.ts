/**
 * The figures of a packet shown at the door — its size, how many QR frames, the QR version of
 * the first — logged to the console for the measurements of issue 18 (the e2e reads them there).
 * Never shown to users: a number of bytes means nothing to a neighbour at a door.
 */
import { encode } from 'uqr';
import { toFrames } from '$lib/domain/qr/frames';

export interface PacketFigures {
	bytes: number;
	frames: number;
	/** QR version (1–40) of the first frame, at error correction M as QrShow draws it. */
	version: number;
}

export function packetFigures(packet: Uint8Array): PacketFigures {
	const frames = toFrames(packet);
	return {
		bytes: packet.length,
		frames: frames.length,
		version: encode(frames[0] ?? '', { ecc: 'M' }).version
	};
}

export function logPacketFigures(packet: Uint8Array, about: string): void {
	console.info(`[door] packet ${JSON.stringify({ about, ...packetFigures(packet) })}`);
}
