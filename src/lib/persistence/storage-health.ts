/** What the browser tells about our storage: persistence and quota errors. */

/** Asks the browser not to evict our data under storage pressure; false when it declines. */
export async function requestPersistentStorage(): Promise<boolean> {
	if (!navigator.storage?.persist) return false;
	if (await navigator.storage.persisted()) return true;
	return navigator.storage.persist();
}

/** Bytes this origin uses and may use, as the browser estimates them; null where it cannot say. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
	if (!navigator.storage?.estimate) return null;
	const { usage, quota } = await navigator.storage.estimate();
	return usage === undefined || quota === undefined ? null : { usage, quota };
}

/** Whether the browser promised not to evict our data; null where it cannot say. */
export async function isStoragePersistent(): Promise<boolean | null> {
	if (!navigator.storage?.persisted) return null;
	return navigator.storage.persisted();
}

/** Whether this browser lets a page ask for persistent storage at all. */
export function canRequestPersistentStorage(): boolean {
	return typeof navigator !== 'undefined' && !!navigator.storage?.persist;
}

export function isStorageError(error: unknown): boolean {
	const name = (error as { name?: string } | null)?.name ?? '';
	const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
	return [name, inner].some((n) =>
		[
			'QuotaExceededError',
			'UnknownError',
			'InvalidStateError',
			'DatabaseClosedError',
			'AbortError',
			'OpenFailedError'
		].includes(n)
	);
}

/**
 * y-indexeddb writes each update without awaiting or catching it (STACK-NOTES), so a full disk
 * shows up only as an unhandled promise rejection. Watch for those and report them.
 */
export function watchUnhandledStorageErrors(report: (error: unknown) => void): () => void {
	const onRejection = (event: PromiseRejectionEvent) => {
		if (isStorageError(event.reason)) report(event.reason);
	};
	window.addEventListener('unhandledrejection', onRejection);
	return () => window.removeEventListener('unhandledrejection', onRejection);
}
