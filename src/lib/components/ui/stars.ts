/**
 * The keyboard model of the star rating (StarRating.svelte), kept pure so it is tested without a
 * browser. The stars are native radios (one tab stop, a group a screen reader knows), but the
 * browser's own arrows wrap from 5 back to 1, which reads as a bug on a scale: here they stop at the
 * ends, Home/End jump there, and a digit picks that many stars.
 */
export const MAX_STARS = 5;

/** The stars after `key` is pressed on a rating showing `current` (null: none chosen yet), or
 *  undefined when the key is not ours (Tab, Space…) and the browser should handle it. */
export function starsAfterKey(
	current: number | null,
	key: string,
	max: number = MAX_STARS
): number | undefined {
	const from = current ?? 0;
	switch (key) {
		case 'ArrowRight':
		case 'ArrowUp':
			return Math.min(max, from + 1);
		case 'ArrowLeft':
		case 'ArrowDown':
			// Nothing chosen yet: the first arrow picks one star, never "zero".
			return Math.max(1, from - 1);
		case 'Home':
			return 1;
		case 'End':
			return max;
	}
	if (/^[1-9]$/.test(key) && Number(key) <= max) return Number(key);
	return undefined;
}

/** How much of star number `index` (1-based) a read-only display fills for an `average`: 0–1. */
export function starFill(average: number, index: number): number {
	if (!Number.isFinite(average)) return 0;
	return Math.min(1, Math.max(0, average - (index - 1)));
}
