import type { DirectoryEntry } from '$lib/domain/directory/api-types';

/** "Luxembourg · Bonnevoie": the gazetteer's name when the relay matched one, else the typed city. */
export function placeText(entry: DirectoryEntry): string {
	const city = entry.place?.name ?? entry.city;
	return [city, entry.neighbourhood].filter((s) => s.trim() !== '').join(' · ');
}
