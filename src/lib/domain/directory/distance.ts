/**
 * "Sort by distance from my city", computed on the phone from the places' coordinates: offline,
 * with no map tiles. A great circle is plenty for "which board is nearest".
 */

export interface LatLon {
	lat: number;
	lon: number;
}

const EARTH_RADIUS_KM = 6371;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
	const dLat = rad(b.lat - a.lat);
	const dLon = rad(b.lon - a.lon);
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Nearest first; items with no place last, in their former order (the sort is stable), and
 * everything in its former order when there is no origin.
 */
export function sortByDistance<T>(
	items: readonly T[],
	origin: LatLon | null,
	placeOf: (item: T) => LatLon | null
): { item: T; km: number | null }[] {
	const withKm = items.map((item) => {
		const place = placeOf(item);
		return { item, km: origin && place ? distanceKm(origin, place) : null };
	});
	if (!origin) return withKm;
	return withKm.sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity));
}
