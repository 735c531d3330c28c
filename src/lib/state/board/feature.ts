/**
 * A board session is a lifecycle (doc, storage, connection) and an ordered list of features.
 * Each feature says which root collections it reads and which other features' output it uses;
 * the session's refresh is one loop over the list (`refreshFeatures`), so no hand-kept list of
 * "what depends on what" can go stale.
 */
import type { InvalidRecord } from '$lib/domain/board/types';
import type { RootName } from '$lib/domain/board/schema';

export interface BoardFeature {
	/** For debugging and for the invalid-records view. */
	readonly name: string;
	/** Root collections whose changes this feature re-reads. */
	readonly inputs: readonly RootName[];
	/** Features whose output this one reads: they come earlier in the list and, when refreshed, refresh this one. */
	readonly uses: readonly BoardFeature[];
	/** True when the derived state depends on the clock (requests expire, services end). */
	readonly timed: boolean;
	/** Re-derives this feature's snapshot from the doc; returns the records it had to skip. */
	refresh(): readonly InvalidRecord[];
}

/** Why features refresh this time: the roots that changed, features asked for, and the clock. */
export interface RefreshCause {
	dirty: ReadonlySet<RootName>;
	/** Features whose background work (signature checks) finished. */
	requested: ReadonlySet<BoardFeature>;
	/** The minute tick: time-dependent features re-derive with no doc change. */
	tick: boolean;
}

/** Checks the order once: a feature must come after every feature it uses. */
export function checkOrder(features: readonly BoardFeature[]): void {
	const seen = new Set<BoardFeature>();
	for (const feature of features) {
		for (const used of feature.uses) {
			if (!seen.has(used)) throw new Error(`${feature.name} uses ${used.name}, listed after it`);
		}
		seen.add(feature);
	}
}

/**
 * Refreshes, in order, every feature that reads a changed root, was asked for, is timed on a
 * tick, or uses a feature refreshed before it. Returns the invalid records by feature name for
 * the features it refreshed. With `later`, a due feature it `defers` is only added to `later.due`.
 */
export function refreshFeatures(
	features: readonly BoardFeature[],
	cause: RefreshCause,
	later?: { defers: (feature: BoardFeature) => boolean; due: Set<BoardFeature> }
): Map<string, readonly InvalidRecord[]> {
	const refreshed = new Set<BoardFeature>();
	const invalid = new Map<string, readonly InvalidRecord[]>();
	for (const feature of features) {
		const due =
			cause.requested.has(feature) ||
			(cause.tick && feature.timed) ||
			feature.inputs.some((root) => cause.dirty.has(root)) ||
			feature.uses.some((used) => refreshed.has(used));
		if (!due) continue;
		// Left for a later pass that requests it: features using it are due then, through it.
		if (later?.defers(feature)) {
			later.due.add(feature);
			continue;
		}
		invalid.set(feature.name, feature.refresh());
		refreshed.add(feature);
	}
	return invalid;
}
