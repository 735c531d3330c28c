/**
 * Serves the built PWA with sirv (the static server SvelteKit's own Node adapter uses): the `.br`
 * and `.gz` files adapter-static precompresses are sent to browsers that accept them, with
 * `Content-Encoding` and `Vary: Accept-Encoding`; MIME types, ETags and ranges are sirv's.
 * SvelteKit's static adapter emits `200.html` as the SPA fallback: any path that looks like a
 * route (no extension) gets it, so deep links work on first load.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { Logger } from 'pino';
import sirv from 'sirv';

/** Vite fingerprints everything under this prefix, so its content never changes under a name. */
const IMMUTABLE_PREFIX = '/_app/immutable/';
const FALLBACK = '200.html';
/** Far longer than any path the app makes; a longer one is a probe, not a page. */
const MAX_PATH_LENGTH = 1024;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function staticFiles(root: string, log: Logger): RequestHandler {
	// `dev: true` looks each file up on disk rather than listing the tree once at start: the update
	// e2e swaps the served build under a running relay, and a deploy may do the same.
	const serve = sirv(root, {
		dev: true,
		etag: true,
		brotli: true,
		gzip: true,
		single: FALLBACK,
		setHeaders: (res, pathname) => {
			res.setHeader('Cache-Control', cacheControl(pathname));
			res.setHeader('X-Content-Type-Options', 'nosniff');
		}
	});
	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
			return;
		}
		const raw = req.url ?? '/';
		if (raw.length > MAX_PATH_LENGTH) {
			sendText(res, 414, 'Path too long');
			return;
		}
		const urlPath = safePath(raw);
		if (urlPath === null) {
			sendText(res, 400, 'Bad path');
			return;
		}
		// sirv pipes a read stream without an error handler: a file removed between its lookup and
		// its read (a deploy swapping build/) must end this response, not the relay.
		res.on('pipe', (source) => {
			source.on('error', (error) => {
				log.warn({ err: error, url: urlPath }, 'static file stream failed');
				res.destroy();
			});
		});
		serve(req, res, () => notFound(res, root, urlPath));
	};
}

/** sirv found neither the file nor (for a route) the fallback. */
function notFound(res: ServerResponse, root: string, urlPath: string): void {
	if (path.posix.extname(urlPath) !== '' || fs.existsSync(path.join(root, FALLBACK))) {
		sendText(res, 404, 'Not found');
	} else {
		sendText(res, 503, `The app is not built (no ${FALLBACK} in ${root}): run \`npm run build\`.`);
	}
}

/**
 * Decoded URL path, or null when it could reach outside the root or names a hidden file.
 * Checked after decoding, so `%2e%2e` tricks are caught; `..` is refused outright rather than
 * normalised, and so are encoded slashes, which no link of the app makes.
 */
export function safePath(url: string): string | null {
	const raw = url.split(/[?#]/, 1)[0] ?? '';
	if (!raw.startsWith('/') || /%(2f|5c)/i.test(raw)) return null;
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		return null;
	}
	if (decoded.includes('\0') || decoded.includes('\\')) return null;
	if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
	return decoded;
}

/**
 * sw.js, registerSW.js, manifest.webmanifest and the .html files keep their names across releases,
 * and so do icons: all of them are revalidated (cheap with the ETag). Only fingerprinted files are
 * cached for good.
 */
function cacheControl(urlPath: string): string {
	return urlPath.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache';
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
