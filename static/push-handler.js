/*
 * Web Push in the service worker (issue 17, contract in the relay's push docs): imported by the
 * worker vite-pwa generates (`workbox.importScripts` in vite.config.ts). Plain JS: it runs as is.
 *
 * A push carries { v: 1, title, body, path, tag } and says little (the board's name, never a
 * person or a title). It becomes a notification; a tap focuses an open Quartier window and takes
 * it to `path`, or opens one. Anything else is ignored without a throw: a bad payload must not
 * break the worker that also serves the app offline.
 *
 * The handlers are also kept on `self.quartierPush`, so tests can call the very functions the
 * events run (there is no other way to "tap" a notification in headless Chromium).
 */
(function (self) {
	'use strict';

	/** Paths a notification may open: a board's pages, my bookings, my hosting. */
	function appPath(path) {
		if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return '/';
		let url;
		try {
			url = new URL(path, self.location.origin);
		} catch {
			return '/';
		}
		if (url.origin !== self.location.origin) return '/';
		const p = url.pathname;
		const allowed =
			/^\/b\/[^/]+(\/.*)?$/.test(p) ||
			p === '/bookings' ||
			p === '/hosting' ||
			p.startsWith('/bookings/') ||
			p.startsWith('/hosting/');
		return allowed ? p + url.search + url.hash : '/';
	}

	/** The contract's payload, or null for anything else (not JSON, another version, missing words). */
	function readPayload(data) {
		let payload;
		try {
			payload = data ? data.json() : null;
		} catch {
			return null;
		}
		if (!payload || typeof payload !== 'object' || payload.v !== 1) return null;
		const { title, body, path, tag } = payload;
		const texts = [title, body, path, tag];
		if (!texts.every((t) => typeof t === 'string') || title === '') return null;
		return { title, body, path: appPath(path), tag };
	}

	function showPush(data) {
		const payload = readPayload(data);
		if (!payload) return Promise.resolve();
		return self.registration.showNotification(payload.title, {
			body: payload.body,
			// One notification per board and kind: a second request replaces the first one's.
			tag: payload.tag,
			renotify: payload.tag !== '',
			icon: '/icon-192.png',
			badge: '/icon-192.png',
			data: { path: payload.path }
		});
	}

	async function openPath(path) {
		const target = appPath(path);
		const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
		for (const client of windows) {
			if (new URL(client.url).origin !== self.location.origin) continue;
			// focus() is allowed only while handling the tap; elsewhere it throws, and we still navigate.
			await Promise.resolve(client.focus && client.focus()).catch(() => {});
			if (client.navigate) {
				const navigated = await client.navigate(target).catch(() => null);
				if (navigated !== null) return;
			}
		}
		if (self.clients.openWindow) await self.clients.openWindow(target);
	}

	function onNotificationClick(event) {
		event.notification.close();
		const path = event.notification.data && event.notification.data.path;
		event.waitUntil(openPath(path).catch(() => {}));
	}

	self.addEventListener('push', (event) => event.waitUntil(showPush(event.data).catch(() => {})));
	self.addEventListener('notificationclick', onNotificationClick);
	self.quartierPush = { appPath, readPayload, showPush, openPath, onNotificationClick };
})(self);
