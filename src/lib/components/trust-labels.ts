/**
 * French labels for trust and safety (issue 4): reputations, admins' marks, reports and blocks.
 * French is the base language (DESIGN.md §1); the i18n issue moves these into Paraglide messages.
 */
import { NotAuthorError, RuleError, ValidationError } from '$lib/domain/errors';
import { formatNumber } from '$lib/i18n/format';

const AVERAGE: Intl.NumberFormatOptions = { minimumFractionDigits: 0, maximumFractionDigits: 1 };

/** "4,5 / 5"; null (no rating yet) says so in words. */
export function formatAverage(average: number | null): string {
	if (average === null || !Number.isFinite(average)) return 'pas encore de note';
	return `${formatNumber(average, AVERAGE)} / 5`;
}

export function reviewCount(count: number): string {
	if (count === 0) return 'aucun avis';
	return count === 1 ? '1 avis' : `${count} avis`;
}

export function starsText(stars: number): string {
	return stars === 1 ? '1 étoile' : `${stars} étoiles`;
}

/** "de Boris", "d’Amélie": French elides before a vowel. */
export function deName(name: string): string {
	return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/** The sentence a profile shows (and a screen reader reads) first: "Note moyenne : 4,5 / 5 (2 avis)". */
export function reputationText(reputation: { average: number | null; count: number }): string {
	if (reputation.count === 0) return 'Pas encore d’avis';
	return `Note moyenne : ${formatAverage(reputation.average)} (${reviewCount(reputation.count)})`;
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
			label: `${starsText(stars)} : ${count}`,
			percent: total > 0 ? Math.round((count / total) * 100) : 0
		};
	});
}

/** Said to everyone before they block someone, and beside "Débloquer" afterwards. */
export const BLOCK_EXPLANATION =
	'Vous ne verrez plus ses annonces ; il ne pourra plus réserver vos créneaux ni demander votre aide.';
export const BLOCKED_NOTE =
	'Vous bloquez ce membre : vous ne voyez plus ses annonces, il ne peut ni réserver vos créneaux ni demander votre aide.';

export const REPORT_REASON_LABEL = 'Motif du signalement (lu seulement par les administrateurs)';
export const REPORT_REASON_MISSING =
	'Merci d’indiquer un motif : seuls les administrateurs le liront.';
export const REPORT_SENT =
	'Signalement envoyé aux administrateurs. Il partira à la prochaine synchronisation.';
/** No admin's encryption key is on this device yet: a report (or a private note) would reach nobody. */
export const NO_ADMIN_KEY =
	'Aucun administrateur ne peut encore recevoir de signalement chiffré : réessayez quand leur profil sera synchronisé.';
export const HIDE_REASON_LABEL = 'Motif du masquage (montré à son auteur)';
export const HIDE_REASON_MISSING = 'Merci d’indiquer un motif : il sera montré à son auteur.';

/** A failed trust command in plain French. */
export function trustErrorMessage(error: unknown): string {
	if (error instanceof NotAuthorError)
		return 'Seuls les administrateurs du tableau peuvent faire cela.';
	if (error instanceof ValidationError) {
		return error.fields.reason === 'tooLong'
			? 'Ce motif est trop long.'
			: 'Merci d’indiquer un motif.';
	}
	if (error instanceof RuleError) {
		return error.code === 'noAdminKey' ? NO_ADMIN_KEY : 'Ce n’est plus possible.';
	}
	console.error(error);
	return 'Cela n’a pas pu être enregistré sur cet appareil.';
}
