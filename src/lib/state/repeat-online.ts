/**
 * The rhythm of work that waits for the relay (polling my join requests, sending queued
 * decisions): once `loaded` resolves, then every `everyMs` and at once whenever the browser says
 * it is back online. `tick` checks by itself whether there is anything to do. Returns the stop.
 */
export function repeatWhileWaiting(
	tick: () => void,
	everyMs: number,
	loaded: Promise<unknown>,
	reportError: (error: unknown) => void
): () => void {
	const timer = setInterval(tick, everyMs);
	window.addEventListener('online', tick);
	loaded.then(tick, reportError);
	return () => {
		clearInterval(timer);
		window.removeEventListener('online', tick);
	};
}
