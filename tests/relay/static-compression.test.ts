/**
 * The relay sends the `.br` / `.gz` twins adapter-static writes (`precompress: true`) to browsers
 * that accept them, and only fingerprinted assets are cached for good: the HTML, the fallback, the
 * service worker and the manifest are revalidated, or an installed app would never see a release.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpRelays, startRelayProcess, tempDir, type RelayProcess } from './relay-process';

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

function get(relay: RelayProcess, rawPath: string, encoding?: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers = encoding === undefined ? {} : { 'Accept-Encoding': encoding };
		const req = http.get({ host: '127.0.0.1', port: relay.port, path: rawPath, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
		});
		req.on('error', reject);
	});
}

function decode(answer: Answer): Buffer {
	const encoding = answer.headers['content-encoding'];
	if (encoding === 'br') return brotliDecompressSync(answer.body);
	if (encoding === 'gzip') return gunzipSync(answer.body);
	expect(encoding).toBeUndefined();
	return answer.body;
}

/** Seeded text that compresses like code does (repeats with variation), printed on failure. */
function codeLike(seed: number, lines: number): string {
	let state = seed >>> 0;
	const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
	const words = ['const', 'return', 'function', 'board', 'post', 'await', 'import', '=>', '{}'];
	let out = '';
	for (let i = 0; i < lines; i++) {
		out += `${words[next() % words.length]} v${next() % 997} = ${next() % 10_000};\n`;
	}
	return out;
}

const SEED = Date.now() % 100_000;
const ASSETS: Record<string, string> = {
	'200.html': `<!doctype html><title>spa</title>${codeLike(SEED, 50)}`,
	'index.html': `<!doctype html><title>home</title>${codeLike(SEED + 1, 50)}`,
	'sw.js': codeLike(SEED + 2, 400),
	'manifest.webmanifest': JSON.stringify({ name: 'Quartier', note: codeLike(SEED + 3, 20) }),
	'_app/immutable/entry/app.abc123.js': codeLike(SEED + 4, 2000),
	'_app/immutable/assets/app.abc123.css': `body{margin:0}\n${codeLike(SEED + 5, 200)}`
};

describe(`static files, compressed (seed ${SEED})`, () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		const dir = path.join(tempDir('static-br'), 'build');
		for (const [name, content] of Object.entries(ASSETS)) {
			const file = path.join(dir, name);
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, content);
			// What adapter-static's `precompress: true` writes next to each file.
			fs.writeFileSync(`${file}.br`, brotliCompressSync(content));
			fs.writeFileSync(`${file}.gz`, gzipSync(content));
		}
		relay = await startRelayProcess({ staticDir: dir });
	});
	afterAll(cleanUpRelays);

	const urls = ['/', '/b/some-board', '/sw.js', '/manifest.webmanifest'].concat(
		Object.keys(ASSETS)
			.filter((name) => name.startsWith('_app/'))
			.map((name) => `/${name}`)
	);

	it.each(urls)('%s decodes to the same bytes in br, gzip and identity', async (url) => {
		const plain = await get(relay, url);
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		for (const [accept, expected] of [
			['gzip, deflate, br', 'br'],
			['br', 'br'],
			['gzip', 'gzip'],
			['identity', undefined]
		] as const) {
			const answer = await get(relay, url, accept);
			expect(answer.status, accept).toBe(200);
			expect(answer.headers['content-encoding'], accept).toBe(expected);
			expect(answer.headers['vary'], accept).toMatch(/accept-encoding/i);
			// The type is the file's, not the compressed twin's.
			expect(answer.headers['content-type'], accept).toBe(plain.headers['content-type']);
			expect(decode(answer).equals(plain.body), `${url} as ${accept}`).toBe(true);
			if (expected !== undefined) expect(answer.body.byteLength).toBeLessThan(plain.body.length);
		}
	});

	it.each(['/', '/index.html', '/b/some-board', '/sw.js', '/manifest.webmanifest'])(
		'%s is revalidated, never cached immutably',
		async (url) => {
			for (const accept of [undefined, 'br', 'gzip']) {
				const cache = (await get(relay, url, accept)).headers['cache-control'] ?? '';
				expect(cache, `${url} ${accept}`).toMatch(/no-cache/);
				expect(cache, `${url} ${accept}`).not.toMatch(/immutable|max-age=[1-9]/);
			}
		}
	);

	it('caches fingerprinted assets for a year, immutably, in every encoding', async () => {
		for (const url of urls.filter((u) => u.startsWith('/_app/immutable/'))) {
			for (const accept of [undefined, 'br', 'gzip']) {
				const cache = (await get(relay, url, accept)).headers['cache-control'];
				expect(cache, `${url} ${accept}`).toBe('public, max-age=31536000, immutable');
			}
		}
	});

	it('answers a revalidation with 304 and the compressed twin has its own ETag', async () => {
		const url = '/_app/immutable/entry/app.abc123.js';
		const br = await get(relay, url, 'br');
		const plain = await get(relay, url);
		expect(br.headers.etag).toBeTruthy();
		expect(br.headers.etag).not.toBe(plain.headers.etag);
		const again = await new Promise<number>((resolve, reject) => {
			http
				.get(
					{
						host: '127.0.0.1',
						port: relay.port,
						path: url,
						headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag ?? '' }
					},
					(res) => {
						res.resume();
						resolve(res.statusCode ?? 0);
					}
				)
				.on('error', reject);
		});
		expect(again).toBe(304);
	});

	it.each([
		['/aaaa… (5,000 characters)', 414],
		['/..%2fsecret', 400],
		['/_app%2fimmutable%2fentry%2fapp.abc123.js', 400],
		['/.env', 400],
		['/%E0%A4%A', 400]
	])('answers %s with a clear %i and keeps serving', async (rawPath, status) => {
		const path = rawPath.includes('…') ? '/' + 'a'.repeat(5000) : rawPath;
		const answer = await get(relay, path);
		expect(answer.status).toBe(status);
		expect(answer.headers['content-type']).toMatch(/^text\/plain/);
		expect((await get(relay, '/sw.js', 'br')).status).toBe(200);
	});
});
