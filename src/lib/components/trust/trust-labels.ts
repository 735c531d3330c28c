/**
 * Words for trust and safety (issue 4): reputations, admins' marks, reports and blocks, from the
 * messages (src/lib/i18n/README.md), read in the current locale each time they are called.
 */
import { NotAuthorError, RuleError, ValidationError } from '$lib/domain/errors';
import { formatDate, formatNumber } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages.js';

const AVERAGE: Intl.NumberFormatOptions = { minimumFractionDigits: 0, maximumFractionDigits: 1 };

/** "4,5 / 5"; null (no rating yet) says so in words. */
export function formatAverage(average: number | null): string {
	if (average === null || !Number.isFinite(average)) return m.trust_no_rating_yet();
	return m.trust_average({ average: formatNumber(average, AVERAGE) });
}

export function reviewCount(count: number): string {
	return count === 0 ? m.trust_no_reviews() : m.trust_review_count({ count });
}

export function starsText(stars: number): string {
	return m.trust_stars({ count: stars });
}

/**
 * Whether French elides "de" before this name ("d’Amélie", "de Boris"): the `elide` input of the
 * messages that put "de" before a name (English ignores it).
 */
export function elision(name: string): 'vowel' | 'consonant' {
	return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name) ? 'vowel' : 'consonant';
}

/** The sentence a profile shows (and a screen reader reads) first: "Note moyenne : 4,5 / 5 (2 avis)". */
export function reputationText(reputation: { average: number | null; count: number }): string {
	if (reputation.count === 0) return m.trust_no_reviews_yet();
	return m.trust_reputation({
		average: formatAverage(reputation.average),
		reviews: reviewCount(reputation.count)
	});
}

export interface DistributionRow {
	stars: number;
	count: number;
	/** "5 étoiles : 3" — the number is in the text; the bar beside it only repeats it. */
	label: string;
	/** 0–100, for the decorative bar. */
	percent: number;
}

/** Five rows, 5 stars first (index 0 of the distribution is 1 star). */
export function distributionRows(distribution: readonly number[]): DistributionRow[] {
	const total = distribution.reduce((sum, n) => sum + n, 0);
	return [5, 4, 3, 2, 1].map((stars) => {
		const count = distribution[stars - 1] ?? 0;
		return {
			stars,
			count,
			label: m.trust_distribution_row({ stars, count }),
			percent: total > 0 ? Math.round((count / total) * 100) : 0
		};
	});
}

/** "par Ana le 3 mars 2026 : Spam." — who hid a post or a rating, when, and why. */
export function hiddenBy(byName: string, mark: { reason: string; at: number }): string {
	const name = byName || m.trust_an_admin();
	const date = formatDate(mark.at);
	return mark.reason
		? m.trust_hidden_by_reason({ name, date, reason: mark.reason })
		: m.trust_hidden_by({ name, date });
}

/** A failed trust command in plain words. */
export function trustErrorMessage(error: unknown): string {
	if (error instanceof NotAuthorError) return m.trust_error_admins_only();
	if (error instanceof ValidationError) {
		return error.fields.reason === 'tooLong'
			? m.trust_error_reason_too_long()
			: m.trust_error_reason_required();
	}
	if (error instanceof RuleError) {
		return error.code === 'noAdminKey'
			? m.trust_no_admin_key()
			: m.trust_error_no_longer_possible();
	}
	console.error(error);
	return m.trust_error_not_saved();
}
