/** The real browser behind PushService (push.svelte.ts): Notification, the worker's PushManager. */
import { getLocale } from '$lib/i18n/locale';
import type { PushBrowser } from './push.svelte';

/** Without a service worker (dev server, a worker that failed to install) `ready` never resolves. */
const WORKER_WAIT_MS = 10_000;

export function browserPush(): PushBrowser {
	return {
		supported: () =>
			typeof navigator !== 'undefined' &&
			'serviceWorker' in navigator &&
			'PushManager' in globalThis &&
			'Notification' in globalThis,
		requestPermission: () => Notification.requestPermission(),
		pushManager: async () => {
			const timeout = new Promise<null>((r) => setTimeout(() => r(null), WORKER_WAIT_MS));
			const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
			return registration?.pushManager ?? null;
		},
		locale: () => (getLocale() === 'en' ? 'en' : 'fr'),
		timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone
	};
}
