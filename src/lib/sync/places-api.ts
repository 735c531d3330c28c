/**
 * The relay's gazetteer (issue 16 contract): `GET /api/places?q=` and `GET /api/places/<id>`,
 * GeoNames cities served by the relay only; the app never ships the data. Answers are checked
 * before use: a relay of another version must not break the admin's form.
 */
import * as v from 'valibot';
import type { Place } from '../domain/directory/api-types';

export type { Place };

const PlaceShape: v.GenericSchema<unknown, Place> = v.object({
	id: v.pipe(v.number(), v.integer(), v.minValue(1)),
	name: v.pipe(v.string(), v.maxLength(200)),
	country: v.pipe(v.string(), v.maxLength(3)),
	lat: v.number(),
	lon: v.number(),
	population: v.number()
});
const PlacesAnswer = v.object({ places: v.pipe(v.array(PlaceShape), v.maxLength(20)) });

/** The places of a `/api/places` answer; throws when it is not what the API promises. */
export function parsePlaces(answer: unknown): Place[] {
	return v.parse(PlacesAnswer, answer).places;
}

export class PlacesUnavailableError extends Error {
	constructor(readonly status: number) {
		super(`gazetteer answered ${status}`);
		this.name = 'PlacesUnavailableError';
	}
}

async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
	const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
	if (!response.ok) throw new PlacesUnavailableError(response.status);
	return response.json();
}

/** Places whose name's words start with `q`, biggest first. */
export async function fetchPlaces(
	q: string,
	limit: number,
	signal?: AbortSignal
): Promise<Place[]> {
	const query = new URLSearchParams({ q, limit: String(limit) });
	return parsePlaces(await getJson(`/api/places?${query}`, signal));
}

/** One place by its GeoNames id; null when the relay does not know it. */
export async function fetchPlace(id: number, signal?: AbortSignal): Promise<Place | null> {
	try {
		return v.parse(PlaceShape, await getJson(`/api/places/${id}`, signal));
	} catch (error) {
		if (error instanceof PlacesUnavailableError && error.status === 404) return null;
		throw error;
	}
}
