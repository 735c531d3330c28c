/**
 * What the settings page shows about this device's storage: space used, and whether the browser
 * promised to keep our data. Read on demand (there is no event when either changes).
 */
import {
	canRequestPersistentStorage,
	isStoragePersistent,
	requestPersistentStorage,
	storageEstimate
} from '$lib/persistence/storage-health';

export class StorageInfo {
	/** Null until read, or where the browser cannot say. */
	estimate = $state.raw<{ usage: number; quota: number } | null>(null);
	persistent = $state<boolean | null>(null);
	/** True once the first reading is done (so "unknown" is not shown while reading). */
	read = $state(false);
	readonly canRequest = canRequestPersistentStorage();

	async refresh(): Promise<void> {
		try {
			const [estimate, persistent] = await Promise.all([storageEstimate(), isStoragePersistent()]);
			this.estimate = estimate;
			this.persistent = persistent;
		} finally {
			this.read = true;
		}
	}

	/** Asks the browser; resolves with its answer. Chromium answers without asking the person. */
	async requestPersistence(): Promise<boolean> {
		const granted = await requestPersistentStorage();
		this.persistent = granted;
		return granted;
	}
}
