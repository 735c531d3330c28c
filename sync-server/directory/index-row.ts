/**
 * What the index stores for one board, computed from its public summary: the search text (typed
 * city, neighbourhood and the resolved place's name, normalised), its words, the sort key, and
 * one facet row per public post and per slot.
 */
import { normalizeForSearch } from '../../src/lib/domain/directory/search-text';
import { slotTerms } from '../../src/lib/domain/directory/filter';
import type { DirectorySummary } from '../../src/lib/domain/directory/summary';
import type { PriceTerms } from '../../src/lib/domain/pricing/terms';
import type { Place } from './place';

export interface IndexItem {
	kind: 'offer' | 'request' | 'seats';
	category: string | null;
	priceKind: string | null;
	/** Only for terms with an amount (fixed, hourly). */
	priceCents: number | null;
	start: number | null;
	end: number | null;
	freeSeats: number | null;
}

export interface IndexRow {
	room: string;
	visibility: 'listed' | 'open';
	/** The summary exactly as served (JSON). */
	summary: string;
	place: Place | null;
	nameKey: string;
	/** " word word … ": every word is preceded by a space, for phrase-prefix LIKE. */
	search: string;
	words: string[];
	items: IndexItem[];
	/** The earliest end of the summary's slots; null without slots. */
	firstSlotEnd: number | null;
	inviteSecret: string | null;
}

function priceColumns(terms: PriceTerms | null) {
	return {
		priceKind: terms?.kind ?? null,
		priceCents: terms !== null && 'cents' in terms ? terms.cents : null
	};
}

export function indexRow(
	summary: DirectorySummary,
	place: Place | null,
	inviteSecret: string | null
): IndexRow {
	const text = [summary.city, summary.neighbourhood, place?.name ?? '']
		.map(normalizeForSearch)
		.filter((t) => t !== '')
		.join(' ');
	const items: IndexItem[] = summary.posts.map((post) => ({
		kind: post.kind,
		category: post.category,
		...priceColumns(post.price),
		start: null,
		end: null,
		freeSeats: null
	}));
	for (const space of summary.spaces) {
		for (const slot of space.slots) {
			items.push({
				kind: 'seats',
				category: null,
				...priceColumns(slotTerms(space, slot)),
				start: slot.start,
				end: slot.end,
				freeSeats: slot.freeSeats
			});
		}
	}
	return {
		room: summary.boardId,
		visibility: summary.visibility,
		summary: JSON.stringify(summary),
		place,
		nameKey: normalizeForSearch(summary.name),
		search: ` ${text} `,
		words: [...new Set(text.split(' '))].filter((w) => w !== ''),
		items,
		firstSlotEnd: items.reduce<number | null>(
			(min, item) => (item.end !== null && (min === null || item.end < min) ? item.end : min),
			null
		),
		inviteSecret: summary.visibility === 'open' ? inviteSecret : null
	};
}

/** What decides whether a board must be written again (everything but the time). */
export function fingerprintOf(row: IndexRow): string {
	return JSON.stringify([row.summary, row.place?.id ?? null, row.inviteSecret]);
}
