/** The query string of `GET /api/directory`, from what "Découvrir" asks. */
import type { DirectoryQuery } from '../domain/directory/api-types';

export function directoryQueryString(query: DirectoryQuery, limit = 50): string {
	const params = new URLSearchParams();
	const q = query.q.trim();
	if (q) params.set('q', q);
	if (query.kind) params.set('kind', query.kind);
	if (query.category) params.set('category', query.category);
	// Date and seats only narrow coworking seats: sent with the seats kind only.
	if (query.kind === 'seats' && /^\d{4}-\d{2}-\d{2}$/.test(query.date))
		params.set('date', query.date);
	if (query.kind === 'seats' && query.seats > 0) params.set('seats', String(query.seats));
	if (query.freeOnly) params.set('free', '1');
	else if (query.maxPriceCents !== null) params.set('maxPrice', String(query.maxPriceCents));
	if (query.near !== null) params.set('near', String(query.near));
	params.set('limit', String(limit));
	return params.toString();
}

/** One key per query, for the offline cache (the same filters give the same key). */
export function queryKey(query: DirectoryQuery): string {
	return directoryQueryString({ ...query, q: query.q.trim().toLowerCase(), near: null });
}
