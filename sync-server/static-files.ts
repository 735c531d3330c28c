/**
 * Serves the built PWA. SvelteKit's static adapter emits `200.html` as the SPA fallback: any
 * path that looks like a route (no extension) gets it, so deep links work on first load.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import type { Logger } from 'pino';

const MIME_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json',
	'.png': 'image/png',
	'.webp': 'image/webp',
	'.svg': 'image/svg+xml',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.txt': 'text/plain; charset=utf-8'
};

/** Vite fingerprints everything under this prefix, so its content never changes under a name. */
const IMMUTABLE_PREFIX = '/_app/immutable/';
const FALLBACK = '200.html';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function staticFiles(root: string, log: Logger): RequestHandler {
	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
			return;
		}
		const urlPath = safePath(req.url ?? '/');
		if (urlPath === null) {
			sendText(res, 400, 'Bad path');
			return;
		}
		const file = findFile(root, urlPath);
		if (file !== null) {
			sendFile(req, res, file, cacheControl(urlPath), log);
		} else if (path.posix.extname(urlPath) !== '') {
			sendText(res, 404, 'Not found');
		} else {
			const fallback = path.join(root, FALLBACK);
			if (isFile(fallback)) sendFile(req, res, fallback, 'no-cache', log);
			else
				sendText(
					res,
					503,
					`The app is not built (no ${FALLBACK} in ${root}): run \`npm run build\`.`
				);
		}
	};
}

/**
 * Decoded URL path, or null when it could reach outside the root. Checked after decoding, so
 * `%2e%2e` and `%2f` tricks are caught; `..` is refused outright rather than normalised.
 */
export function safePath(url: string): string | null {
	const raw = url.split(/[?#]/, 1)[0] ?? '';
	if (!raw.startsWith('/')) return null;
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		return null;
	}
	if (decoded.includes('\0') || decoded.includes('\\')) return null;
	if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
	return decoded;
}

function findFile(root: string, urlPath: string): string | null {
	const base = path.resolve(root);
	const target = path.resolve(base, '.' + urlPath);
	// Belt and braces after safePath: never serve anything outside the root.
	if (target !== base && !target.startsWith(base + path.sep)) return null;
	for (const candidate of [target, path.join(target, 'index.html'), target + '.html']) {
		if (candidate.startsWith(base + path.sep) && isFile(candidate)) return candidate;
	}
	return null;
}

function isFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/**
 * sw.js, registerSW.js, manifest.webmanifest and the .html files keep their names across releases,
 * and so do icons: all of them are revalidated (cheap with the ETag). Only fingerprinted files are
 * cached for good.
 */
function cacheControl(urlPath: string): string {
	return urlPath.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function sendFile(
	req: IncomingMessage,
	res: ServerResponse,
	file: string,
	cache: string,
	log: Logger
): void {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch {
		sendText(res, 404, 'Not found');
		return;
	}
	const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
	const headers = {
		'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
		'Cache-Control': cache,
		ETag: etag,
		'X-Content-Type-Options': 'nosniff'
	};
	if (req.headers['if-none-match'] === etag) {
		res.writeHead(304, headers).end();
		return;
	}
	res.writeHead(200, { ...headers, 'Content-Length': stat.size });
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	pipeline(fs.createReadStream(file), res, (error) => {
		if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
			log.warn({ err: error, file }, 'static file stream failed');
		}
	});
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	extra: Record<string, string> = {}
): void {
	res
		.writeHead(status, {
			'Content-Type': 'text/plain; charset=utf-8',
			'Cache-Control': 'no-store',
			...extra
		})
		.end(text + '\n');
}
