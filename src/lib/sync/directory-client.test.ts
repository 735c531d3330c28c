import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY } from '$lib/domain/directory/api-types';
import { DirectoryClient, DirectoryError, isTransient } from './directory-client';
import { directoryQueryString, queryKey } from './directory-query';

function fakeFetch(answer: (url: URL, init: RequestInit) => Response | Promise<Response>) {
	const calls: { url: URL; init: RequestInit }[] = [];
	const impl = ((url: URL, init: RequestInit) => {
		calls.push({ url, init });
		return Promise.resolve(answer(url, init));
	}) as unknown as typeof fetch;
	return { calls, impl };
}

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('directory query string', () => {
	it('sends only the filters that are set, date and seats with seats only', () => {
		expect(directoryQueryString({ ...EMPTY_QUERY, q: ' luxemb ' })).toBe('q=luxemb&limit=50');
		expect(
			directoryQueryString({
				...EMPTY_QUERY,
				kind: 'offer',
				date: '2030-03-04',
				seats: 2,
				maxPriceCents: 1500
			})
		).toBe('kind=offer&maxPrice=1500&limit=50');
		expect(
			directoryQueryString({
				...EMPTY_QUERY,
				kind: 'seats',
				date: '2030-03-04',
				seats: 2,
				freeOnly: true,
				maxPriceCents: 1500
			})
		).toBe('kind=seats&date=2030-03-04&seats=2&free=1&limit=50');
	});

	it('keys the cache by the filters, whatever the case of the text', () => {
		expect(queryKey({ ...EMPTY_QUERY, q: 'Luxemb' })).toBe(
			queryKey({ ...EMPTY_QUERY, q: 'luxemb ' })
		);
		expect(queryKey({ ...EMPTY_QUERY, q: 'luxemb' })).not.toBe(
			queryKey({ ...EMPTY_QUERY, q: 'luxemb', kind: 'seats' })
		);
	});
});

describe('DirectoryClient', () => {
	it('asks the relay it was given and reads the boards', async () => {
		const entry = {
			boardId: 'x'.repeat(22),
			name: 'Entraide',
			posts: [],
			spaces: [],
			questions: []
		};
		const fetch = fakeFetch(() => json(200, { boards: [entry], total: 1 }));
		const client = new DirectoryClient('http://relay.test/', fetch.impl);
		const answer = await client.search({ ...EMPTY_QUERY, q: 'luxemb' });
		expect(answer.boards).toHaveLength(1);
		expect(String(fetch.calls[0]!.url)).toBe('http://relay.test/api/directory?q=luxemb&limit=50');
	});

	it('turns failures into codes: no answer, the relay’s error, a bad answer', async () => {
		const down = new DirectoryClient('http://relay.test/', (() =>
			Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch);
		await expect(down.board('x'.repeat(22))).rejects.toMatchObject({ code: 'unreachable' });

		const missing = new DirectoryClient(
			'http://relay.test/',
			fakeFetch(() => json(404, { error: 'not-found' })).impl
		);
		await expect(missing.board('x'.repeat(22))).rejects.toMatchObject({ code: 'not-found' });

		const html = new DirectoryClient(
			'http://relay.test/',
			fakeFetch(() => new Response('<h1>502</h1>', { status: 502 })).impl
		);
		const error = await html.search(EMPTY_QUERY).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DirectoryError);
		expect((error as DirectoryError).code).toBe('http-502');
		expect(isTransient(error)).toBe(true);
		expect(isTransient(new DirectoryError('blocked'))).toBe(false);

		const odd = new DirectoryClient(
			'http://relay.test/',
			fakeFetch(() => json(200, { boards: 'no' })).impl
		);
		await expect(odd.search(EMPTY_QUERY)).rejects.toMatchObject({ code: 'bad-answer' });
	});
});
