import { describe, expect, it } from 'vitest';
import { PushApi, PushApiError, isTransientPushError } from './push-api';

const api = (answer: () => Response | Promise<Response>) =>
	new PushApi('http://relay.test', (async () => answer()) as typeof fetch);

describe('push api', () => {
	it('reads the relay key', async () => {
		await expect(api(() => Response.json({ publicKey: 'BKey' })).publicKey()).resolves.toBe('BKey');
	});

	it('says why it failed: push off, no answer, a relay without push, a bad answer', async () => {
		const off = api(() => Response.json({ error: 'unavailable' }, { status: 503 }));
		await expect(off.publicKey()).rejects.toEqual(new PushApiError('unavailable'));
		const down = new PushApi('http://relay.test', (async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof fetch);
		await expect(down.publicKey()).rejects.toEqual(new PushApiError('unreachable'));
		const old = api(() => new Response('<html>', { status: 404 }));
		await expect(old.publicKey()).rejects.toEqual(new PushApiError('http-404'));
		const html = api(() => new Response('<html>', { status: 200 }));
		await expect(html.publicKey()).rejects.toEqual(new PushApiError('bad-answer'));
	});

	it('retries only what may work later', () => {
		expect(isTransientPushError(new PushApiError('unreachable'))).toBe(true);
		expect(isTransientPushError(new PushApiError('http-503'))).toBe(true);
		expect(isTransientPushError(new PushApiError('rate-limited'))).toBe(true);
		expect(isTransientPushError(new PushApiError('not-a-member'))).toBe(false);
		expect(isTransientPushError(new PushApiError('invalid'))).toBe(false);
	});
});
