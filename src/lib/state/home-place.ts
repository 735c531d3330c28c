/**
 * "My city" for sorting the directory by distance: one I chose, else the place of my first
 * board's city, looked up once in the relay's gazetteer and kept on the phone for offline use.
 */
import type { Place } from '$lib/domain/directory/api-types';
import type { QuartierDb } from '$lib/persistence/db';
import * as settings from '$lib/persistence/settings';
import type { DirectoryClient } from '$lib/sync/directory-client';

const KEY = 'homePlace';

interface StoredHomePlace {
	place: Place;
	/** Chosen by me; otherwise guessed from `fromCity` and guessed again if that city changes. */
	chosen: boolean;
	fromCity: string;
}

export async function chooseHomePlace(db: QuartierDb, place: Place): Promise<void> {
	await settings.put(db, KEY, { place, chosen: true, fromCity: '' } satisfies StoredHomePlace);
}

/** The stored place; when online and not chosen, guessed (again) from `firstBoardCity`. */
export async function homePlace(
	db: QuartierDb,
	directory: DirectoryClient,
	firstBoardCity: string,
	online: boolean
): Promise<Place | null> {
	const stored = await settings.get<StoredHomePlace>(db, KEY);
	const city = firstBoardCity.trim();
	if (stored && (stored.chosen || stored.fromCity === city)) return stored.place;
	if (!online || city === '') return stored?.place ?? null;
	try {
		const [place] = await directory.places(city, 1);
		if (!place) return stored?.place ?? null;
		await settings.put(db, KEY, { place, chosen: false, fromCity: city } satisfies StoredHomePlace);
		return place;
	} catch {
		// No answer now: sort by what we had, guess again next time.
		return stored?.place ?? null;
	}
}
