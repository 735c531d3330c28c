/**
 * A listed board's public page (issue 16): the kept copy at once, then the relay's answer.
 * `missing` when the relay says it is not (or no longer) in the directory.
 */
import type { DirectoryEntry } from '$lib/domain/directory/api-types';
import * as cache from '$lib/persistence/directory-cache';
import { DirectoryError } from '$lib/sync/directory-client';
import type { SearchHost } from './directory-search.svelte';

export class DirectoryBoard {
	entry = $state.raw<DirectoryEntry | null>(null);
	/** When the shown entry was fetched, if it is the kept copy rather than a live answer. */
	cachedAt = $state<number | null>(null);
	loading = $state(true);
	missing = $state(false);
	error = $state<string | null>(null);

	constructor(
		private readonly host: SearchHost,
		readonly boardId: string,
		private readonly now: () => number = Date.now
	) {}

	async load(): Promise<void> {
		const kept = await cache.loadBoardEntry(this.host.db, this.boardId);
		if (kept) {
			this.entry = kept.entry;
			this.cachedAt = kept.fetchedAt;
		}
		if (!this.host.online) {
			this.error = 'unreachable';
			this.loading = false;
			return;
		}
		try {
			const entry = await this.host.directory.board(this.boardId);
			this.entry = entry;
			this.cachedAt = null;
			this.error = null;
			await cache.saveBoardEntry(this.host.db, entry, this.now());
		} catch (error) {
			if (!(error instanceof DirectoryError)) throw error;
			if (error.code === 'not-found') {
				this.missing = true;
				this.entry = null;
				await cache.forgetBoardEntry(this.host.db, this.boardId);
			} else this.error = error.code;
		} finally {
			this.loading = false;
		}
	}
}
