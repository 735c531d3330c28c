/**
 * The gazetteer's worker thread seen from the relay: the real worker answers as the in-process
 * gazetteer does; a worker that crashes, exits or hangs fails its lookups as unavailable and the
 * next lookup starts a new one; the HTTP routes answer 503 then, and refuse lookups past their
 * bound instead of queueing them.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryQueries } from '../../sync-server/directory/directory-query';
import {
	GazetteerClient,
	GazetteerUnavailable,
	type Places
} from '../../sync-server/directory/gazetteer-client';
import { directoryHttp, MAX_PLACE_LOOKUPS } from '../../sync-server/directory/http';
import type { Place } from '../../sync-server/directory/place';

const LUXEMBOURG = 2960316;
const ESCH = 2960596;
const FAULTY = new URL('./gazetteer-faulty-worker.mjs', import.meta.url);

const clients: GazetteerClient[] = [];
function client(...args: ConstructorParameters<typeof GazetteerClient>): GazetteerClient {
	const c = new GazetteerClient(...args);
	clients.push(c);
	return c;
}

const servers: http.Server[] = [];
async function serve(places: Places): Promise<string> {
	const routes = directoryHttp({
		queries: { searchJson: () => '{"boards":[]}' } as unknown as DirectoryQueries,
		places,
		log: pino({ level: 'silent' }),
		queriesPerIp: 1_000_000
	});
	const server = http.createServer((req, res) => {
		if (!routes.handle(req, res)) res.writeHead(404).end();
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A connection of its own per request: fetch's pool would queue the held ones client-side. */
function get(url: string): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent: false }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
			})
			.on('error', reject);
	});
}

afterEach(async () => {
	await Promise.all(clients.splice(0).map((c) => c.close()));
	for (const server of servers.splice(0)) server.close();
});

describe('gazetteer worker', () => {
	it('answers as the in-process gazetteer, and nothing once closed', async () => {
		const places = client();
		const [esch, luxembourg, lyon] = await Promise.all([
			places.search('sur alz', 8),
			places.byId(LUXEMBOURG),
			places.matchCity('Lyon (69)')
		]);
		expect(esch.map((p) => p.id)).toEqual([ESCH]);
		expect(luxembourg).toMatchObject({ id: LUXEMBOURG, name: 'Luxembourg', country: 'LU' });
		expect(lyon?.country).toBe('FR');
		expect(await places.byId(1)).toBeNull();
		expect(places.inFlight).toBe(0);
		await places.close();
		await expect(places.byId(LUXEMBOURG)).rejects.toBeInstanceOf(GazetteerUnavailable);
	}, 30_000);

	it('fails the lookups of a worker that crashes, exits or hangs; the next one starts afresh', async () => {
		const places = client(FAULTY, 300);
		for (const failure of ['crash', 'exit', 'hang']) {
			await expect(places.search(failure, 8), failure).rejects.toBeInstanceOf(GazetteerUnavailable);
			expect(await places.search('esch', 8), failure).toEqual([]);
		}
		expect(places.inFlight).toBe(0);
	});

	it('fails at once when the worker cannot even start', async () => {
		const places = client(new URL('./no-such-worker.mjs', import.meta.url));
		await expect(places.byId(LUXEMBOURG)).rejects.toBeInstanceOf(GazetteerUnavailable);
	});
});

describe('places over HTTP', () => {
	const unavailable: Places = {
		search: () => Promise.reject(new GazetteerUnavailable('down')),
		byId: () => Promise.reject(new GazetteerUnavailable('down')),
		matchCity: () => Promise.reject(new GazetteerUnavailable('down'))
	};

	it('answers 503 unavailable while the gazetteer cannot answer, and the rest as before', async () => {
		const base = await serve(unavailable);
		for (const path of ['/api/places?q=esch', '/api/places/2960316', '/api/directory?near=1']) {
			expect(await get(base + path), path).toEqual({
				status: 503,
				body: { error: 'unavailable' }
			});
		}
		expect((await get(`${base}/api/places?limit=0`)).status).toBe(400);
		expect(await get(`${base}/api/directory?q=esch`)).toEqual({
			status: 200,
			body: { boards: [] }
		});
	});

	it(`holds at most ${MAX_PLACE_LOOKUPS} lookups at once, refusing more with 503 busy`, async () => {
		const held: (() => void)[] = [];
		let holding = true;
		const slow: Places = {
			search: () =>
				holding
					? new Promise<Place[]>((resolve) => held.push(() => resolve([])))
					: Promise.resolve([]),
			byId: () => Promise.resolve(null),
			matchCity: () => Promise.resolve(null)
		};
		const base = await serve(slow);
		const waiting = Array.from({ length: MAX_PLACE_LOOKUPS }, () => get(`${base}/api/places?q=a`));
		while (held.length < MAX_PLACE_LOOKUPS) await new Promise((r) => setTimeout(r, 10));
		expect(await get(`${base}/api/places?q=b`)).toEqual({ status: 503, body: { error: 'busy' } });
		expect((await get(`${base}/api/directory?near=1`)).body).toEqual({ error: 'busy' });
		holding = false;
		for (const release of held.splice(0)) release();
		for (const answer of await Promise.all(waiting)) expect(answer.status).toBe(200);
		// Every slot was given back.
		const after = await Promise.all(
			Array.from({ length: MAX_PLACE_LOOKUPS }, () => get(`${base}/api/places?q=c`))
		);
		expect(after.map((a) => a.status)).toEqual(after.map(() => 200));
	});
});
