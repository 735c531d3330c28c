/**
 * static/push-handler.js, run with a fake `self`: what a push shows, what a tap opens, and that a
 * payload not in the contract's shape shows nothing and throws nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const SOURCE = readFileSync(new URL('../../../static/push-handler.js', import.meta.url), 'utf8');
const ORIGIN = 'https://quartier.example';

interface Handlers {
	appPath(path: unknown): string;
	showPush(data: unknown): Promise<void>;
	openPath(path: unknown): Promise<void>;
	onNotificationClick(event: unknown): void;
}

function worker(windows: { url: string; navigate?: unknown; focus?: unknown }[] = []) {
	const listeners = new Map<string, (event: unknown) => void>();
	const self = {
		location: { origin: ORIGIN },
		registration: { showNotification: vi.fn(() => Promise.resolve()) },
		clients: {
			matchAll: vi.fn(() => Promise.resolve(windows)),
			openWindow: vi.fn(() => Promise.resolve(null))
		},
		addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn),
		quartierPush: undefined as unknown as Handlers
	};
	new Function('self', SOURCE)(self);
	return { self, listeners, push: self.quartierPush };
}

const data = (value: unknown) => ({
	json: () => (typeof value === 'string' ? JSON.parse(value) : value)
});
const PAYLOAD = {
	v: 1,
	title: 'Quartier',
	body: 'Nouvelle demande sur Rue des Lilas',
	path: '/b/abc/posts/k%3A1',
	tag: 'abc:help-request'
};

describe('push handler', () => {
	it('shows the contract payload with its tag, icon and path', async () => {
		const { self, listeners } = worker();
		let waited: Promise<unknown> = Promise.resolve();
		listeners.get('push')!({
			data: data(PAYLOAD),
			waitUntil: (p: Promise<unknown>) => (waited = p)
		});
		await waited;
		expect(self.registration.showNotification).toHaveBeenCalledWith('Quartier', {
			body: PAYLOAD.body,
			tag: PAYLOAD.tag,
			renotify: true,
			icon: '/icon-192.png',
			badge: '/icon-192.png',
			data: { path: PAYLOAD.path }
		});
	});

	it('ignores what is not the contract shape, without throwing', async () => {
		const { self, push } = worker();
		const bad = [
			null,
			data('not json{'),
			data({ ...PAYLOAD, v: 2 }),
			data({ ...PAYLOAD, title: 3 }),
			data({ ...PAYLOAD, body: undefined }),
			data([]),
			{ json: () => null }
		];
		for (const d of bad) await expect(push.showPush(d)).resolves.toBeUndefined();
		expect(self.registration.showNotification).not.toHaveBeenCalled();
	});

	it('keeps only same-origin app paths', () => {
		const { push } = worker();
		expect(push.appPath('/b/abc/spaces/x')).toBe('/b/abc/spaces/x');
		expect(push.appPath('/b/abc')).toBe('/b/abc');
		expect(push.appPath('/bookings')).toBe('/bookings');
		expect(push.appPath('/hosting')).toBe('/hosting');
		for (const bad of [
			'https://evil.example/b/x',
			'//evil.example/b/x',
			'javascript:alert(1)',
			'/settings',
			'/b/',
			'b/abc',
			'/bookingsevil',
			42,
			null
		]) {
			expect(push.appPath(bad), String(bad)).toBe('/');
		}
	});

	it('a tap focuses an open window and takes it to the path', async () => {
		const navigate = vi.fn(() => Promise.resolve({}));
		const focus = vi.fn(() => Promise.reject(new Error('InvalidAccessError')));
		const { self, listeners } = worker([{ url: `${ORIGIN}/`, navigate, focus }]);
		const close = vi.fn();
		let waited: Promise<unknown> = Promise.resolve();
		listeners.get('notificationclick')!({
			notification: { close, data: { path: '/b/abc/posts/x' } },
			waitUntil: (p: Promise<unknown>) => (waited = p)
		});
		await waited;
		expect(close).toHaveBeenCalled();
		expect(focus).toHaveBeenCalled();
		expect(navigate).toHaveBeenCalledWith('/b/abc/posts/x');
		expect(self.clients.openWindow).not.toHaveBeenCalled();
	});

	it('opens a window when none is open, and "/" for a path that is not the app’s', async () => {
		const { self, push } = worker([{ url: 'https://other.example/' }]);
		await push.openPath('https://evil.example/');
		expect(self.clients.openWindow).toHaveBeenCalledWith('/');
	});
});
