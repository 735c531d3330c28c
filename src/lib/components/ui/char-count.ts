/**
 * When a field's counter ("12 / 80") warns and speaks (CharCounter.svelte). The limit itself is the
 * domain's (`*_LIMITS` in src/lib/domain): the field's maxlength and the counter both read it.
 * A screen reader hears the counter only when it crosses a level, never on every keystroke.
 */
export type CountLevel = 'quiet' | 'near' | 'full';

/** Share of the limit from which the counter warns. */
export const NEAR_SHARE = 0.9;

/** The warning starts this many characters before the limit at least (short fields). */
const NEAR_MIN_LEFT = 5;

export function countLevel(length: number, max: number): CountLevel {
	if (max <= 0) return 'quiet';
	if (length >= max) return 'full';
	const left = max - length;
	if (length >= max * NEAR_SHARE || left <= NEAR_MIN_LEFT) return 'near';
	return 'quiet';
}

/** Characters as the field counts them: maxlength counts UTF-16 code units, so do we. */
export function countOf(value: string | null | undefined): number {
	return value?.length ?? 0;
}
