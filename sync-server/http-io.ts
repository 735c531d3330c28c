/**
 * Reading and answering the relay's JSON calls (join requests, push subscriptions): bodies read up to a byte cap (anyone may send
 * them, before proving anything), JSON parsed without ever throwing, and answers that are never
 * cached, errors as `{ "error": "<code>" }`.
 */
import type * as http from 'node:http';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly retryAfterSeconds?: number
	) {
		super(code);
	}
}

/** The whole body, or a 413 `too-large` thrown as soon as it passes `maxBytes`. */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		if (Number.isFinite(declared) && declared > maxBytes) {
			// Read and drop the rest, so the answer reaches a client still sending.
			req.resume();
			reject(new HttpError(413, 'too-large'));
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let over = false;
		req.on('data', (chunk: Buffer) => {
			if (over) return;
			size += chunk.byteLength;
			if (size > maxBytes) {
				over = true;
				chunks.length = 0;
				reject(new HttpError(413, 'too-large'));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!over) resolve(Buffer.concat(chunks));
		});
		req.on('error', (error) => {
			if (!over) reject(error);
		});
	});
}

/** Parsed JSON, or a 400 `invalid`. */
export function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
	} catch {
		throw new HttpError(400, 'invalid');
	}
}

export function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Cache-Control': 'no-store',
		...headers
	});
	res.end(JSON.stringify(body));
}

export function sendError(res: http.ServerResponse, error: HttpError): void {
	const headers: Record<string, string> =
		error.retryAfterSeconds === undefined
			? {}
			: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
	if (error.status === 413) headers.Connection = 'close';
	sendJson(res, error.status, { error: error.code }, headers);
}
