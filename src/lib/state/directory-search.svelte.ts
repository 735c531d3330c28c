/**
 * "Découvrir" (issue 16): one search of the city directory, its answer, and the offline copy of
 * the last answers with their age. Results are sorted on the phone by distance from my city
 * (state/home-place.ts), so the order holds offline too.
 */
import type { DirectoryEntry, DirectoryQuery, Place } from '$lib/domain/directory/api-types';
import { sortByDistance } from '$lib/domain/directory/distance';
import * as cache from '$lib/persistence/directory-cache';
import type { QuartierDb } from '$lib/persistence/db';
import { DirectoryError, type DirectoryClient } from '$lib/sync/directory-client';
import { queryKey } from '$lib/sync/directory-query';

export interface SearchHost {
	readonly db: QuartierDb;
	readonly online: boolean;
	readonly directory: DirectoryClient;
}

export type SearchStatus = 'idle' | 'loading' | 'done';

export interface ShownEntry {
	entry: DirectoryEntry;
	/** From my city; null when either place is unknown. */
	km: number | null;
}

export class DirectorySearch {
	status = $state<SearchStatus>('idle');
	/** Why the live answer is missing: `unreachable` (offline), a relay code, or null. */
	error = $state<string | null>(null);
	boards = $state.raw<DirectoryEntry[]>([]);
	total = $state(0);
	/** Set when `boards` is the offline copy: when it was fetched, and for which query. */
	cachedAt = $state<number | null>(null);
	cachedQuery = $state.raw<DirectoryQuery | null>(null);
	/** The place distances are measured from. */
	origin = $state.raw<Place | null>(null);

	/** Each search gets a number: a slow answer to an older query never replaces a newer one. */
	private run = 0;

	constructor(
		private readonly host: SearchHost,
		private readonly now: () => number = Date.now
	) {}

	get shown(): ShownEntry[] {
		return sortByDistance(this.boards, this.origin, (e) => e.place).map(({ item, km }) => ({
			entry: item,
			km
		}));
	}

	async search(query: DirectoryQuery): Promise<void> {
		const run = ++this.run;
		const key = queryKey(query);
		this.status = 'loading';
		if (!this.host.online) {
			await this.showCached(run, key, 'unreachable');
			return;
		}
		try {
			const answer = await this.host.directory.search(query);
			if (run !== this.run) return;
			this.boards = answer.boards;
			this.total = answer.total;
			this.error = null;
			this.cachedAt = null;
			this.cachedQuery = null;
			this.status = 'done';
			const at = this.now();
			await cache.saveResults(this.host.db, key, query, answer, at);
			await Promise.all(answer.boards.map((b) => cache.saveBoardEntry(this.host.db, b, at)));
		} catch (error) {
			if (run !== this.run) return;
			if (!(error instanceof DirectoryError)) throw error;
			await this.showCached(run, key, error.code);
		}
	}

	private async showCached(run: number, key: string, error: string): Promise<void> {
		const row = await cache.loadResults(this.host.db, key);
		if (run !== this.run) return;
		this.error = error;
		this.boards = row?.boards ?? [];
		this.total = row?.total ?? 0;
		this.cachedAt = row?.fetchedAt ?? null;
		this.cachedQuery = row && row.key !== key ? row.query : null;
		this.status = 'done';
	}
}

/** Whole minutes since `at` (0 under a minute), for "Résultats d'il y a 5 min". */
export function ageMinutes(at: number, now: number): number {
	return Math.max(0, Math.floor((now - at) / 60_000));
}

/** The relay's error code (or `unreachable`) of a failed directory call; null for anything else. */
export function directoryErrorCode(error: unknown): string | null {
	return error instanceof DirectoryError ? error.code : null;
}
