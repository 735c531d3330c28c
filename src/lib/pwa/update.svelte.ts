/**
 * Service-worker registration and the update flow. A new version waits until the person taps
 * "Recharger" (registerType 'prompt'); nothing here ever clears storage, so unsynced changes,
 * which live in IndexedDB, are still there after the reload.
 */
import { registerSW } from 'virtual:pwa-register';

/** An installed app can stay open for days: look for a new version every hour (STACK-NOTES). */
const CHECK_EVERY_MS = 60 * 60 * 1000;
/**
 * After "Recharger", the page normally reloads when the new worker takes control. A page that had
 * no controller when it loaded may never see that (STACK-NOTES): reload anyway after this long.
 */
const RELOAD_FALLBACK_MS = 3000;

export class AppUpdate {
	#needRefresh = $state(false);
	#offlineReady = $state(false);
	#reloading = $state(false);
	#skipWaiting: ((reload?: boolean) => Promise<void>) | null = null;
	#registration: ServiceWorkerRegistration | undefined;
	#checking = false;
	#reloaded = false;

	/** A new version is installed and waiting for "Recharger". */
	get needRefresh(): boolean {
		return this.#needRefresh;
	}

	/**
	 * The app shell is precached: it opens without network. With registerType 'prompt' this and
	 * needRefresh can both be true (STACK-NOTES); they never compete for one banner here: the update
	 * has the banner, offline readiness is a line in the footer, true either way.
	 */
	get offlineReady(): boolean {
		return this.#offlineReady;
	}

	get reloading(): boolean {
		return this.#reloading;
	}

	start(): () => void {
		if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return () => {};
		// Loaded from the precache: this page already works offline.
		this.#offlineReady = navigator.serviceWorker.controller !== null;
		this.#skipWaiting = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.#needRefresh = true),
			onOfflineReady: () => (this.#offlineReady = true),
			// workbox-window's 'controlling' after skipWaiting: the new version is in charge.
			onNeedReload: () => this.#reloadOnce(),
			onRegisteredSW: (_url, registration) => (this.#registration = registration),
			onRegisterError: (error: unknown) => console.warn('service worker not registered', error)
		});
		const timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
		const onVisibility = () => {
			if (document.visibilityState === 'visible') void this.check();
		};
		document.addEventListener('visibilitychange', onVisibility);
		return () => {
			clearInterval(timer);
			document.removeEventListener('visibilitychange', onVisibility);
		};
	}

	/** Asks the browser to fetch sw.js again; a changed one installs and ends in onNeedRefresh. */
	async check(): Promise<void> {
		const registration = this.#registration;
		if (!registration || this.#checking || this.#needRefresh || !navigator.onLine) return;
		this.#checking = true;
		try {
			await registration.update();
		} catch {
			// The relay is unreachable: the next check (timer or visibility) tries again.
		} finally {
			this.#checking = false;
		}
	}

	/** Activates the waiting version, then reloads into it. */
	async reload(): Promise<void> {
		if (this.#reloading) return;
		this.#reloading = true;
		navigator.serviceWorker.addEventListener('controllerchange', () => this.#reloadOnce(), {
			once: true
		});
		setTimeout(() => this.#reloadOnce(), RELOAD_FALLBACK_MS);
		await this.#skipWaiting?.(true);
	}

	#reloadOnce(): void {
		if (this.#reloaded) return;
		this.#reloaded = true;
		location.reload();
	}
}
