/**
 * Suggestions for a board's city from the relay's gazetteer, as outcomes a form can put into
 * words: offline and an unreachable relay are ordinary answers, not errors (the board keeps its
 * typed city).
 */
import { fetchPlace, fetchPlaces, type Place } from '$lib/sync/places-api';

export type { Place };

export type PlaceLookup =
	{ kind: 'found'; places: Place[] } | { kind: 'offline' } | { kind: 'unavailable' };

const SUGGESTIONS = 8;

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

export async function lookupPlaces(text: string, signal?: AbortSignal): Promise<PlaceLookup> {
	if (offline()) return { kind: 'offline' };
	try {
		return { kind: 'found', places: await fetchPlaces(text.trim(), SUGGESTIONS, signal) };
	} catch (error) {
		if (signal?.aborted) throw error;
		console.warn('places lookup failed', error);
		return offline() ? { kind: 'offline' } : { kind: 'unavailable' };
	}
}

/** The chosen place's name for the form; null when offline or unknown (the form says its id). */
export async function placeName(id: number): Promise<Place | null> {
	if (offline()) return null;
	try {
		return await fetchPlace(id);
	} catch (error) {
		console.warn('place lookup failed', error);
		return null;
	}
}
