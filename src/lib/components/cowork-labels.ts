/**
 * French labels for cowork ids and error codes (guest booking statuses: booking-status-labels.ts).
 * French is the base language (DESIGN.md §1); the i18n issue moves these into Paraglide messages.
 */
import type { Amenity, BookingStatus, WorkMode } from '$lib/domain/cowork/types';
import { NotAuthorError, NotFoundError, RuleError, ValidationError } from '$lib/domain/errors';

export const AMENITY_LABELS: Record<Amenity, string> = {
	wifi: 'Wi-Fi',
	calls: 'Pièce au calme pour les appels',
	printer: 'Imprimante',
	kitchen: 'Cuisine à disposition',
	lunch: 'Déjeuner partagé',
	pets: 'Animaux à la maison',
	'step-free': 'Accès sans marche',
	quiet: 'Coin très calme'
};

export const WORK_MODE_LABELS: Record<WorkMode, string> = {
	silent: 'Silence (chacun travaille sans parler)',
	'quiet-chat': 'Discussions à voix basse bienvenues'
};

/** What the host reads about a request on their slot (the guest reads booking-status-labels). */
export const HOST_STATUS_LABELS: Record<BookingStatus, { icon: string; label: string }> = {
	requested: { icon: '📨', label: 'Demande à traiter' },
	waitlisted: { icon: '⏳', label: 'En liste d’attente (plus de place)' },
	confirmed: { icon: '✅', label: 'Confirmée' },
	declined: { icon: '✖️', label: 'Refusée' },
	cancelled: { icon: '🚫', label: 'Annulée' },
	expired: { icon: '⌛', label: 'Expirée (sans réponse à temps)' },
	'no-show': { icon: '❔', label: 'Absent' },
	'over-capacity': { icon: '⚠️', label: 'Trop de confirmations : en attente de votre choix' }
};

const FIELD_NAMES: Record<string, string> = {
	title: 'le titre',
	description: 'la description',
	city: 'la ville',
	neighbourhood: 'le quartier',
	seats: 'le nombre de places',
	workMode: 'l’ambiance de travail',
	houseRules: 'les règles de la maison',
	address: 'l’adresse exacte',
	access: 'les instructions d’accès',
	start: 'l’heure de début',
	end: 'l’heure de fin',
	deadline: 'la date limite de réservation',
	repeatWeeks: 'le nombre de semaines',
	reason: 'le motif',
	message: 'le message',
	date: 'la date'
};

/** A field's error code in plain French; `max` is the largest number allowed, when it matters. */
export function coworkFieldError(field: string, code: string | undefined, max?: number): string {
	if (!code) return '';
	const what = FIELD_NAMES[field] ?? 'ce champ';
	switch (code) {
		case 'required':
			return `Merci d’indiquer ${what}.`;
		case 'tooLong':
			return field === 'end' ? 'Un créneau dure au plus 24 heures.' : `Ce texte est trop long.`;
		case 'seats':
			return `Indiquez un nombre de places entre 1 et ${max ?? 20}.`;
		case 'inPast':
			return field === 'deadline'
				? 'La date limite de réservation est déjà passée.'
				: 'Ce moment est déjà passé : choisissez une date à venir.';
		case 'beforeStart':
			return 'La fin doit être après le début.';
		case 'afterStart':
			return 'La date limite doit être avant le début du créneau.';
		case 'repeat':
			return 'Indiquez un nombre de semaines entre 0 et 12.';
		default:
			return `Vérifiez ${what}.`;
	}
}

const RULES: Record<string, string> = {
	archived: 'Cet espace est archivé : réactivez-le avant d’ouvrir des créneaux.',
	ownSlot: 'Vous ne pouvez pas réserver votre propre créneau.',
	slotCancelled: 'Ce créneau a été annulé par l’hôte.',
	deadlinePassed: 'Les réservations sont closes pour ce créneau.',
	alreadyBooked: 'Vous avez déjà une demande en cours sur ce créneau.',
	full: 'Il n’y a plus assez de places libres pour confirmer cette demande.',
	blocked: 'Cet hôte ne reçoit pas vos demandes.',
	slotEnded: 'Ce créneau est terminé : il ne peut plus être annulé.'
};

/** Any error of a cowork command, for a role="alert" message next to the button that failed. */
export function coworkErrorMessage(error: unknown): string {
	if (error instanceof RuleError) {
		return (
			RULES[error.code] ??
			'Cette action n’est plus possible : la réservation a changé entre-temps. Vérifiez son état.'
		);
	}
	if (error instanceof ValidationError) {
		const [field, code] = Object.entries(error.fields)[0] ?? ['', ''];
		return coworkFieldError(field, code);
	}
	if (error instanceof NotFoundError) {
		return 'Introuvable sur cet appareil : il arrivera peut-être à la prochaine synchronisation.';
	}
	if (error instanceof NotAuthorError) return 'Seule la personne concernée peut faire cela.';
	return 'Ce changement n’a pas pu être enregistré sur cet appareil.';
}
