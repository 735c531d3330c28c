/**
 * The two codes that link a new device to my member identity, each shown as a QR code and as text
 * (DESIGN.md §6, "Member identity"):
 *
 * 1. The new device shows a **request**: its two public keys. A device I already have opens it
 *    (the phone's camera opens the link, or I paste the text), and both screens show the same
 *    six-digit check so I can see it is my device and not someone else's.
 * 2. That device signs a certificate for the new one and shows a **response**: my member record
 *    (first key, name, devices) and my boards' invite secrets. The new device opens it and becomes me.
 *
 * No private key travels: each device keeps its own, non-extractable. The response holds my
 * boards' secrets, like an invite link: whoever reads it can open those boards (not act as me).
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import * as v from 'valibot';
import { BOARD_LIMITS } from '../board/validate';
import { encryptionKey, requiredText, signingKey, text } from '../fields';
import { MEMBER_LIMITS } from '../members/validate';
import { DeviceRecord, MAX_LISTED_DEVICES } from './device-record';
import { isId } from '../ids';
import { isBoardSecret } from '../board/invite';
import type { DeviceCertificate } from './device-chain';

export const DEVICES_PATH = '/devices';
/** Far above any real code (a QR code holds under 3,000 characters); refuses pasted novels. */
const MAX_CODE_CHARS = 20_000;
export const LINK_PATH = '/link';

export interface LinkRequest {
	deviceKey: string;
	encryptionKey: string;
}

export interface LinkedBoard {
	id: string;
	secret: string;
	name: string;
	city: string;
}

export interface LinkResponse {
	publicKey: string;
	name: string;
	bio: string;
	joinedAt: number;
	/** The ECDH key my profile publishes (my first device's). */
	encryptionKey: string;
	devices: DeviceCertificate[];
	rootRemovedAt: number | null;
	/** When name or bio last changed (null on a profile never edited since devices were linked). */
	updatedAt: number | null;
	boards: LinkedBoard[];
}

/** Why a pasted code is refused; the UI words each one. */
export type LinkCodeError = 'empty' | 'not-a-code' | 'wrong-kind' | 'damaged';

export class LinkCodeRefused extends Error {
	constructor(readonly code: LinkCodeError) {
		super(`link code refused: ${code}`);
		this.name = 'LinkCodeRefused';
	}
}

const RequestJson = v.object({
	v: v.literal(1),
	d: signingKey,
	e: encryptionKey
});

const ResponseJson = v.object({
	v: v.literal(1),
	publicKey: signingKey,
	name: requiredText(MEMBER_LIMITS.name),
	bio: text(MEMBER_LIMITS.bio),
	joinedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
	encryptionKey,
	devices: v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LISTED_DEVICES)),
	updatedAt: v.nullish(v.number(), null),
	rootRemovedAt: v.nullable(v.number()),
	boards: v.pipe(
		v.array(
			v.object({
				id: v.custom<string>(isId),
				secret: v.custom<string>(isBoardSecret),
				name: text(BOARD_LIMITS.name),
				city: text(BOARD_LIMITS.city)
			})
		),
		v.maxLength(200)
	)
});

export function linkRequestUrl(origin: string, request: LinkRequest): string {
	const json = JSON.stringify({ v: 1, d: request.deviceKey, e: request.encryptionKey });
	return `${origin}${DEVICES_PATH}#link=${toBase64UrlEncoded(new TextEncoder().encode(json))}`;
}

/** Reads a request from the link or its `link=…` text; throws LinkCodeRefused. */
export function parseLinkRequest(input: string): LinkRequest {
	const json = decodeJson(fragmentValue(input, 'link'));
	const parsed = v.safeParse(RequestJson, json);
	if (!parsed.success) throw new LinkCodeRefused('damaged');
	return { deviceKey: parsed.output.d, encryptionKey: parsed.output.e };
}

/**
 * Six digits both screens show, from the requesting device's keys: if they differ, the code I
 * opened is not the one on the device in my hand.
 */
export function linkCheckDigits(request: LinkRequest): string {
	const hash = digest(new TextEncoder().encode(`${request.deviceKey}.${request.encryptionKey}`));
	const n = ((hash[0]! << 16) | (hash[1]! << 8) | hash[2]!) % 1_000_000;
	const digits = String(n).padStart(6, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** The response, compressed (deflate) so a member with several boards still fits one QR code. */
export async function linkResponseUrl(origin: string, response: LinkResponse): Promise<string> {
	const json = JSON.stringify({ v: 1, ...response });
	const packed = await deflate(new TextEncoder().encode(json));
	return `${origin}${LINK_PATH}#response=${toBase64UrlEncoded(packed)}`;
}

export async function parseLinkResponse(input: string): Promise<LinkResponse> {
	const value = fragmentValue(input, 'response');
	let json: unknown;
	try {
		const bytes = await inflate(fromBase64UrlEncoded(value));
		json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		throw new LinkCodeRefused('damaged');
	}
	const parsed = v.safeParse(ResponseJson, json);
	if (!parsed.success) throw new LinkCodeRefused('damaged');
	const { v: _version, ...response } = parsed.output;
	return response;
}

/** Why linking is refused; the screens word each one. */
export type LinkRefusal =
	| 'full'
	| 'already-linked'
	| 'own-device'
	| 'not-for-this-device'
	| 'this-device-removed'
	| 'no-pending-request'
	| 'already-a-member'
	| 'no-identity';

export class LinkRefused extends Error {
	constructor(readonly code: LinkRefusal) {
		super(`device link refused: ${code}`);
		this.name = 'LinkRefused';
	}
}

/** `…#name=value`, or the bare `name=value`; refuses the other kind of code with its own reason. */
function fragmentValue(input: string, name: 'link' | 'response'): string {
	const trimmed = input.trim();
	if (trimmed === '') throw new LinkCodeRefused('empty');
	if (trimmed.length > MAX_CODE_CHARS) throw new LinkCodeRefused('damaged');
	const fragment = trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1) : trimmed;
	const params = new URLSearchParams(fragment);
	const value = params.get(name);
	if (value) {
		if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new LinkCodeRefused('damaged');
		return value;
	}
	const other = name === 'link' ? 'response' : 'link';
	throw new LinkCodeRefused(params.get(other) ? 'wrong-kind' : 'not-a-code');
}

function decodeJson(value: string): unknown {
	try {
		return JSON.parse(
			new TextDecoder('utf-8', { fatal: true }).decode(fromBase64UrlEncoded(value))
		);
	} catch {
		throw new LinkCodeRefused('damaged');
	}
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as BlobPart])
		.stream()
		.pipeThrough(new CompressionStream('deflate-raw'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as BlobPart])
		.stream()
		.pipeThrough(new DecompressionStream('deflate-raw'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}
