/**
 * A gazetteer place and the pure math on places: importable anywhere on the relay's main thread,
 * unlike the gazetteer's data, which lives in its worker (gazetteer-worker.mjs).
 */
/** The shape the app reads too (one definition, in the domain's API types). */
export type { Place } from '../../src/lib/domain/directory/api-types';

/** The contract's largest `limit`. */
export const MAX_PLACES = 20;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
