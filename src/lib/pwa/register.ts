/**
 * Service-worker registration. Returns a function that reloads into the new version; the caller
 * shows the "new version" banner. Unsynced changes survive the reload: they are in IndexedDB.
 */
import { registerSW } from 'virtual:pwa-register';

export interface PwaEvents {
	onNeedRefresh(): void;
}

/** Fallback reload when the page had no controller at load time (STACK-NOTES, PWA pitfalls). */
const RELOAD_FALLBACK_MS = 1500;

export function registerServiceWorker(events: PwaEvents): () => Promise<void> {
	const update = registerSW({
		immediate: true,
		onNeedRefresh: events.onNeedRefresh
	});
	return async () => {
		setTimeout(() => location.reload(), RELOAD_FALLBACK_MS);
		await update(true);
	};
}
