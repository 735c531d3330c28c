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

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'medium',
	timeStyle: 'short'
});

/** Never throws: a bad timestamp from some other client must not break a page. */
export function formatDate(ms: number): string {
	return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? dateFormat.format(ms) : '';
}

export function formatDateTime(ms: number): string {
	return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? dateTimeFormat.format(ms) : '';
}
