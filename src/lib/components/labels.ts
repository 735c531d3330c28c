/**
 * French labels for ids and error codes. French is the base language (DESIGN.md §1); the i18n
 * issue moves these into Paraglide messages.
 */
import type { Category, PostKind } from '$lib/domain/help/types';

export const CATEGORY_LABELS: Record<Category, string> = {
	diy: 'Bricolage',
	cooking: 'Cuisine',
	computing: 'Informatique',
	paperwork: 'Démarches administratives',
	repairs: 'Petites réparations',
	gardening: 'Jardinage',
	care: 'Garde / accompagnement',
	other: 'Autre'
};

export const KIND_LABELS: Record<PostKind, string> = {
	offer: 'Je propose',
	request: 'Je cherche'
};

const FIELD_NAMES: Record<string, string> = {
	name: 'le nom',
	city: 'la ville',
	neighbourhood: 'le quartier',
	description: 'la description',
	title: 'le titre',
	availability: 'les disponibilités',
	area: 'le secteur',
	bio: 'la présentation',
	kind: 'le type',
	category: 'la catégorie'
};

export function fieldError(field: string, code: string | undefined): string {
	if (!code) return '';
	const what = FIELD_NAMES[field] ?? 'ce champ';
	if (code === 'required') return `Merci d’indiquer ${what}.`;
	if (code === 'tooLong') return `${capitalize(what)} est trop long.`;
	return `Vérifiez ${what}.`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Formatters moved to $lib/i18n (locale-aware); re-exported for the components that use them. */
export { formatDate, formatDateTime } from '$lib/i18n/format';
