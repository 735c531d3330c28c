import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpRelays, startRelayProcess, tempDir, type RelayProcess } from './relay-process';

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** Raw request: fetch would normalise `/../` away before it reached the relay. */
function get(relay: RelayProcess, rawPath: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port: relay.port, path: rawPath }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
	});
}

describe('HTTP', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		// The static dir sits inside its own temp dir, next to a secret that traversal would reach.
		const root = tempDir('http');
		const dir = path.join(root, 'build');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, '200.html'), '<!doctype html>spa-fallback');
		fs.writeFileSync(path.join(root, 'package.json'), '{"secret":true}');
		const files: Record<string, string> = {
			'index.html': '<!doctype html>home',
			'sw.js': 'self.x = 1;',
			'registerSW.js': 'void 0;',
			'manifest.webmanifest': '{"name":"Quartier"}',
			'icon-192.png': 'png',
			'favicon.svg': '<svg/>',
			'robots.txt': 'User-agent: *',
			'_app/immutable/entry/app.abc123.js': 'export {};',
			'_app/immutable/assets/app.abc123.css': 'body{}',
			'_app/version.json': '{"version":"1"}'
		};
		for (const [name, content] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
			fs.writeFileSync(path.join(dir, name), content);
		}
		relay = await startRelayProcess({ staticDir: dir });
	});
	afterAll(cleanUpRelays);

	it('answers /healthz with the loaded rooms and connections', async () => {
		const res = await get(relay, '/healthz');
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(res.body)).toEqual({ ok: true, rooms: 0, connections: 0 });
	});

	it('serves 200.html for app routes (SPA fallback)', async () => {
		for (const route of ['/b/anything', '/b/abc/posts/new', '/join']) {
			const res = await get(relay, route);
			expect(res.status, route).toBe(200);
			expect(res.body).toContain('spa-fallback');
			expect(res.headers['content-type']).toMatch(/^text\/html;\s?charset=utf-8$/);
			expect(res.headers['cache-control']).toBe('no-cache');
		}
	});

	it.each([
		['/', 'text/html', 'no-cache'],
		['/sw.js', 'text/javascript', 'no-cache'],
		['/registerSW.js', 'text/javascript', 'no-cache'],
		['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
		['/icon-192.png', 'image/png', 'no-cache'],
		['/favicon.svg', 'image/svg+xml', 'no-cache'],
		['/robots.txt', 'text/plain', 'no-cache'],
		['/_app/version.json', 'application/json', 'no-cache'],
		[
			'/_app/immutable/entry/app.abc123.js',
			'text/javascript',
			'public, max-age=31536000, immutable'
		],
		['/_app/immutable/assets/app.abc123.css', 'text/css', 'public, max-age=31536000, immutable']
	])('serves %s as %s with Cache-Control %s', async (file, type, cache) => {
		const res = await get(relay, file);
		expect(res.status).toBe(200);
		// The media type; sirv adds a charset to HTML only (JS modules and JSON are UTF-8 by
		// definition, CSS inherits the page's).
		expect(res.headers['content-type']?.split(';', 1)[0]).toBe(type);
		expect(res.headers['cache-control']).toBe(cache);
	});

	it('answers 404 for a missing file with an extension', async () => {
		expect((await get(relay, '/_app/immutable/missing.js')).status).toBe(404);
		expect((await get(relay, '/nope.png')).status).toBe(404);
	});

	it.each([
		'/../package.json',
		'/%2e%2e/package.json',
		'/%2E%2E%2Fpackage.json',
		'/_app/../../package.json',
		'/..%2f..%2fpackage.json',
		'/..%5cpackage.json',
		'/%00.js',
		'/%E0%A4%A'
	])('refuses %s', async (rawPath) => {
		const res = await get(relay, rawPath);
		expect([400, 404]).toContain(res.status);
		expect(res.body).not.toContain('secret');
	});

	it('answers 503 with a hint when the app is not built', async () => {
		const bare = await startRelayProcess({ staticDir: tempDir('empty-static') });
		const res = await get(bare, '/b/anything');
		expect(res.status).toBe(503);
		expect(res.body).toContain('npm run build');
		await bare.stop();
	});
});
