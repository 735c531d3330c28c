/**
 * Web Push on the phone with a fake PushManager and a fake relay (fetch): opt-in asks permission
 * only when asked, PUTs a signed subscription to every board, queues while offline, follows
 * settings changes, joins and leaves, and DELETEs on opt-out. A failing push service says so.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type QuartierDb, type StoredIdentity } from '$lib/persistence/db';
import { createIdentity } from '$lib/persistence/identity-store';
import { PushApi } from '$lib/sync/push-api';
import { PushService, type PushBrowser } from './push.svelte';

const KEY = 'BPublicKeyBase64Url';
const SUB = {
	endpoint: 'https://push.example/abc',
	keys: { p256dh: 'p256', auth: 'auth' }
};

let n = 0;
const dbs: QuartierDb[] = [];
afterEach(async () => {
	for (const db of dbs.splice(0)) {
		db.close();
		await db.delete();
	}
});

interface Call {
	method: string;
	path: string;
	body: unknown;
	authorization: string | null;
}

function relay() {
	const calls: Call[] = [];
	let online = true;
	const fetchImpl = vi.fn(async (url: URL | RequestInfo, init?: RequestInit) => {
		if (!online) throw new TypeError('Failed to fetch');
		const { pathname } = new URL(String(url));
		const headers = new Headers(init?.headers);
		calls.push({
			method: init?.method ?? 'GET',
			path: pathname,
			body: init?.body ? JSON.parse(String(init.body)) : null,
			authorization: headers.get('authorization')
		});
		if (pathname === '/api/push/key') return Response.json({ publicKey: KEY });
		if (pathname.includes('/forbidden/'))
			return Response.json({ error: 'not-a-member' }, { status: 403 });
		return new Response(null, { status: 204 });
	});
	return {
		calls,
		api: new PushApi('http://relay.test', fetchImpl as typeof fetch),
		setOnline: (value: boolean) => (online = value)
	};
}

function browser(overrides: Partial<PushBrowser> = {}) {
	const subscribe = vi.fn(async () => ({ toJSON: () => SUB }) as unknown as PushSubscription);
	const unsubscribe = vi.fn(async () => true);
	const requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
	const fake: PushBrowser = {
		supported: () => true,
		requestPermission,
		pushManager: async () => ({
			subscribe,
			getSubscription: async () => ({ unsubscribe }) as unknown as PushSubscription
		}),
		locale: () => 'fr',
		timeZone: () => 'Europe/Paris',
		...overrides
	};
	return { fake, subscribe, unsubscribe, requestPermission };
}

async function phone(boards: string[]) {
	const db = openDb(`push-test-${++n}`);
	dbs.push(db);
	const identity: StoredIdentity = await createIdentity(db, 'Ana', '', 1000);
	const host = { db, identity, boards: boards.map((id) => ({ id })), reportError: vi.fn() };
	return host;
}

const puts = (calls: Call[]) => calls.filter((c) => c.method === 'PUT');

describe('push opt-in', () => {
	it('asks permission only when asked, subscribes with the relay key, PUTs to every board, signed', async () => {
		const host = await phone(['b1', 'b2']);
		const r = relay();
		const b = browser();
		const push = new PushService(host, r.api, b.fake, () => 5000);
		await push.sync();
		expect(b.requestPermission).not.toHaveBeenCalled();
		expect(r.calls).toEqual([]);

		await push.enable();
		expect(push.status).toBe('on');
		expect(b.subscribe).toHaveBeenCalledWith({ userVisibleOnly: true, applicationServerKey: KEY });
		expect(puts(r.calls).map((c) => c.path)).toEqual([
			'/api/boards/b1/push',
			'/api/boards/b2/push'
		]);
		expect(puts(r.calls)[0]!.body).toEqual({
			subscription: SUB,
			locale: 'fr',
			timeZone: 'Europe/Paris',
			quietHours: null,
			reminderLeadMinutes: 180
		});
		expect(puts(r.calls)[0]!.authorization).toMatch(/^Quartier [A-Za-z0-9_-]+$/);
		const auth = JSON.parse(
			Buffer.from(puts(r.calls)[0]!.authorization!.slice(9), 'base64url').toString()
		);
		expect(auth).toMatchObject({ memberId: host.identity.memberId, at: 5000 });
		expect(push.unsent).toBe(0);

		// Nothing changed: nothing is sent again.
		await push.sync();
		expect(puts(r.calls)).toHaveLength(2);
	});

	it('a push service that cannot subscribe says so, and nothing is sent', async () => {
		const host = await phone(['b1']);
		const r = relay();
		const b = browser();
		b.subscribe.mockRejectedValueOnce(new DOMException('Registration failed', 'AbortError'));
		const push = new PushService(host, r.api, b.fake);
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		await push.enable();
		expect(push.status).toBe('unavailable');
		expect(puts(r.calls)).toEqual([]);
	});

	it('a refused permission or a browser without push is said, not thrown', async () => {
		const host = await phone(['b1']);
		const denied = browser({ requestPermission: async () => 'denied' });
		const push = new PushService(host, relay().api, denied.fake);
		await push.enable();
		expect(push.status).toBe('denied');
		expect(denied.subscribe).not.toHaveBeenCalled();
		const none = new PushService(host, relay().api, browser({ supported: () => false }).fake);
		await none.enable();
		expect(none.status).toBe('unsupported');
	});

	it('offline, settings wait on the phone and go out once the relay answers', async () => {
		const host = await phone(['b1']);
		const r = relay();
		const push = new PushService(host, r.api, browser().fake);
		await push.enable();
		r.setOnline(false);
		await push.setPreferences({
			quietHours: { from: '22:00', to: '07:30' },
			reminderLeadMinutes: 60
		});
		expect(push.unsent).toBe(1);

		// The app restarts while offline: the queue is in Dexie.
		const again = new PushService(host, r.api, browser().fake);
		await again.sync();
		expect(again.unsent).toBe(1);
		expect(again.preferences.reminderLeadMinutes).toBe(60);
		r.setOnline(true);
		await again.sync();
		expect(again.unsent).toBe(0);
		expect(puts(r.calls).at(-1)!.body).toMatchObject({
			quietHours: { from: '22:00', to: '07:30' },
			reminderLeadMinutes: 60
		});
	});

	it('a board joined gets a PUT, a board left a DELETE, and opting out DELETEs everywhere', async () => {
		const host = await phone(['b1']);
		const r = relay();
		const b = browser();
		const push = new PushService(host, r.api, b.fake);
		await push.enable();
		host.boards = [{ id: 'b1' }, { id: 'b2' }];
		await push.sync();
		expect(puts(r.calls).map((c) => c.path)).toEqual([
			'/api/boards/b1/push',
			'/api/boards/b2/push'
		]);
		host.boards = [{ id: 'b2' }];
		await push.sync();
		expect(r.calls.at(-1)).toMatchObject({
			method: 'DELETE',
			path: '/api/boards/b1/push',
			body: { endpoint: SUB.endpoint }
		});
		await push.disable();
		expect(r.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/boards/b2/push' });
		expect(b.unsubscribe).toHaveBeenCalled();
		expect(push.status).toBe('off');
		const count = r.calls.length;
		await push.sync();
		expect(r.calls).toHaveLength(count);
	});

	it('a board whose relay says "not a member" is not asked again until something changes', async () => {
		const host = await phone(['forbidden']);
		const r = relay();
		const push = new PushService(host, r.api, browser().fake);
		await push.enable();
		await push.sync();
		expect(puts(r.calls)).toHaveLength(1);
		expect(push.unsent).toBe(0);
	});
});
