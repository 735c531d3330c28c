/**
 * How directory text is compared, on the relay and in the app alike: accent- and case-free, any
 * run of punctuation or spaces as one space. "Esch-sur-Alzette" → "esch sur alzette", so the
 * prefix "esch" finds it, and "Lëtzebuerg" → "letzebuerg".
 */
export function normalizeForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Does `text` start with `query`, or does one of its words? Both normalised first. */
export function matchesPrefix(text: string, query: string): boolean {
	const q = normalizeForSearch(query);
	if (q === '') return true;
	const t = normalizeForSearch(text);
	return t.startsWith(q) || t.includes(` ${q}`);
}
