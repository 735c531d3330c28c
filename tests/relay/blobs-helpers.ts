/**
 * Helpers of the photo tests: photo-like bytes (a JPEG or WebP header and seeded noise, which is
 * all the relay looks at), their sha256 hex, and members' signed blob calls as the app signs them.
 */
import { createHash } from 'node:crypto';
import * as prng from 'lib0/prng';
import type { DeviceSigner } from '../../src/lib/sync/signed-calls';
import { blobPath } from '../../src/lib/sync/blob-api';
import type { TestMember } from './clients';
import { adminAuthorization, call, type Answer, type CallOptions } from './join-requests-helpers';
import type { RelayProcess } from './relay-process';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const JPEG_HEADER = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00];

/** `size` bytes that start like a JPEG (or a WebP), the rest seeded noise. */
export function photoBytes(gen: prng.PRNG, size: number, kind: 'jpeg' | 'webp' = 'jpeg'): Buffer {
	const bytes = Buffer.from(prng.uint8Array(gen, size));
	if (kind === 'jpeg') Buffer.from(JPEG_HEADER).copy(bytes);
	else {
		bytes.write('RIFF', 0, 'latin1');
		bytes.writeUInt32LE(size - 8, 4);
		bytes.write('WEBPVP8 ', 8, 'latin1');
	}
	return bytes;
}

/** A member's signed call on a blob path; `path` overrides the signed and requested path. */
export function blobCall(
	relay: RelayProcess,
	device: TestMember,
	board: string,
	method: 'PUT' | 'GET',
	hash: string,
	body: Buffer = Buffer.alloc(0),
	options: CallOptions & { at?: number } = {}
): Promise<Answer> {
	const path = blobPath(board, hash);
	const authorization = adminAuthorization(device, board, method, path, body, options.at);
	return call(relay, method, path, body, {
		...options,
		headers: { Authorization: authorization, 'Content-Type': 'image/jpeg', ...options.headers }
	});
}

/** Uploads `bytes` under their own hash. */
export function upload(relay: RelayProcess, device: TestMember, board: string, bytes: Buffer) {
	return blobCall(relay, device, board, 'PUT', sha256Hex(bytes), bytes);
}

/** The bytes of a GET (Answer's `text` is UTF-8, which would mangle them). */
export async function download(
	relay: RelayProcess,
	device: TestMember,
	board: string,
	hash: string
): Promise<{ status: number; bytes: Buffer; headers: Record<string, unknown> }> {
	const path = blobPath(board, hash);
	const response = await fetch(new URL(path, relay.url), {
		headers: { Authorization: adminAuthorization(device, board, 'GET', path, Buffer.alloc(0)) }
	});
	const headers = Object.fromEntries(response.headers.entries());
	return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers };
}

/** The app's signer shape over a test member's key (the app's key never leaves WebCrypto). */
export function signerOf(member: TestMember): DeviceSigner {
	return {
		memberId: member.memberId,
		deviceKey: member.publicKey,
		encryptionKey: '',
		chain: member.chain,
		sign: async (bytes) => member.sign(bytes)
	};
}
