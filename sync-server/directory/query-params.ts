/**
 * The directory's and the gazetteer's query strings, checked field by field: anything out of shape
 * makes the whole query invalid (400), never a silently different search. Unknown parameters are
 * ignored (cache busters).
 */
import { DIRECTORY_KINDS, type ItemFilter } from '../../src/lib/domain/directory/filter';
import { CATEGORIES } from '../../src/lib/domain/help/types';
import { PRICE_LIMITS } from '../../src/lib/domain/pricing/terms';
import type { DirectoryQuery } from './directory-query';
import { MAX_PLACES, type Place } from './place';

/** A city and a neighbourhood fit; a query longer than this is not a search. */
export const MAX_QUERY_CHARS = 100;
export const DIRECTORY_LIMITS = { defaultLimit: 50, maxLimit: 100, maxSeats: 1000 } as const;
const DEFAULT_PLACES = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

class Invalid extends Error {}

function one(params: URLSearchParams, name: string): string | undefined {
	const values = params.getAll(name);
	if (values.length > 1) throw new Invalid(name);
	return values[0];
}

function int(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
	const raw = one(params, name);
	if (raw === undefined) return undefined;
	if (!/^\d{1,10}$/.test(raw)) throw new Invalid(name);
	const value = Number(raw);
	if (value < min || value > max) throw new Invalid(name);
	return value;
}

function text(params: URLSearchParams, name: string): string {
	const value = one(params, name) ?? '';
	if (value.length > MAX_QUERY_CHARS) throw new Invalid(name);
	return value;
}

function pick<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]) {
	const raw = one(params, name);
	if (raw === undefined) return undefined;
	const found = allowed.find((a) => a === raw);
	if (found === undefined) throw new Invalid(name);
	return found;
}

/** "2030-06-05" → that UTC day, or Invalid. */
function day(params: URLSearchParams): ItemFilter['day'] {
	const raw = one(params, 'date');
	if (raw === undefined) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
	if (!match) throw new Invalid('date');
	const from = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	// Date.UTC rolls "2030-02-31" over to March: only a real date reads back the same.
	if (new Date(from).toISOString().slice(0, 10) !== raw) throw new Invalid('date');
	return { from, to: from + DAY_MS };
}

function guard<T>(read: () => T): T | null {
	try {
		return read();
	} catch (error) {
		if (error instanceof Invalid) return null;
		throw error;
	}
}

/** `/api/places?q=&limit=`, or null when invalid. */
export function parsePlacesQuery(params: URLSearchParams): { q: string; limit: number } | null {
	return guard(() => ({
		q: text(params, 'q'),
		limit: int(params, 'limit', 1, MAX_PLACES) ?? DEFAULT_PLACES
	}));
}

/**
 * `/api/directory?…`, or null when invalid (an unknown `near` place included). The `near` place is
 * looked up last, once everything else is valid; a lookup that rejects rejects this too.
 */
export async function parseDirectoryQuery(
	params: URLSearchParams,
	placeById: (id: number) => Promise<Place | null>
): Promise<DirectoryQuery | null> {
	const parsed = guard(() => {
		const free = pick(params, 'free', ['0', '1'] as const);
		const filter: ItemFilter = {
			kind: pick(params, 'kind', DIRECTORY_KINDS),
			category: pick(params, 'category', CATEGORIES),
			day: day(params),
			seats: int(params, 'seats', 1, DIRECTORY_LIMITS.maxSeats),
			freeOnly: free === '1' ? true : undefined,
			maxCents: int(params, 'maxPrice', 0, PRICE_LIMITS.maxCents)
		};
		for (const key of Object.keys(filter) as (keyof ItemFilter)[]) {
			if (filter[key] === undefined) delete filter[key];
		}
		const query: DirectoryQuery = {
			q: text(params, 'q'),
			filter,
			near: null,
			limit: int(params, 'limit', 1, DIRECTORY_LIMITS.maxLimit) ?? DIRECTORY_LIMITS.defaultLimit
		};
		return { query, nearId: int(params, 'near', 1, 2 ** 31) };
	});
	if (parsed === null) return null;
	const { query, nearId } = parsed;
	if (nearId === undefined) return query;
	const near = await placeById(nearId);
	return near === null ? null : { ...query, near };
}
