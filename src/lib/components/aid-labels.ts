/**
 * French labels for mutual aid (issue 4): engagement statuses, the words of each side's actions,
 * field and rule errors. French is the base language (DESIGN.md §1); the i18n issue moves these
 * into Paraglide messages.
 */
import type { Engagement, EngagementStatus } from '$lib/domain/engagement/types';
import type { MyStep } from '$lib/domain/engagement/lists';
import { NotAuthorError, NotFoundError, RuleError, ValidationError } from '$lib/domain/errors';
import type { PostKind } from '$lib/domain/help/types';
import type { StatusText } from './booking-status-labels';
import { deName, NO_ADMIN_KEY } from './trust-labels';

export const ENGAGEMENT_STATUS_LABELS: Record<EngagementStatus, Omit<StatusText, 'detail'>> = {
	proposed: { icon: '📨', label: 'Proposée', tone: 'warn' },
	accepted: { icon: '✅', label: 'Acceptée', tone: 'good' },
	declined: { icon: '✖️', label: 'Refusée', tone: 'bad' },
	cancelled: { icon: '🚫', label: 'Annulée', tone: 'muted' },
	done: { icon: '🤝', label: 'Réalisée', tone: 'good' },
	disputed: { icon: '⚠️', label: 'Contestée', tone: 'bad' }
};

const quote = (text: string) => (text.trim() ? `« ${text.trim()} »` : '');

/**
 * The status in words, seen by `me`: who cancelled, declined or disputed and why, and what the
 * other side is waiting for. `nameOf` gives a member's display name ('' when unknown).
 */
export function engagementStatusText(
	engagement: Engagement,
	me: string,
	nameOf: (memberId: string) => string
): StatusText {
	const base = ENGAGEMENT_STATUS_LABELS[engagement.status];
	const who = (id: string | null) =>
		id === me ? 'vous' : (id && nameOf(id)) || 'l’autre personne';
	const Who = (id: string | null) => capitalize(who(id));
	const mine = engagement.initiatorId === me ? engagement.request : engagement.response;
	const theirs = engagement.initiatorId === me ? engagement.response : engagement.request;
	const other = engagement.initiatorId === me ? engagement.authorId : engagement.initiatorId;
	let detail = '';
	switch (engagement.status) {
		case 'proposed':
			detail =
				engagement.authorId === me
					? 'En attente de votre réponse.'
					: `En attente de la réponse ${deName(who(engagement.authorId))}.`;
			break;
		case 'accepted':
			detail = 'Quand l’aide a eu lieu, l’un de vous deux la marque comme réalisée.';
			break;
		case 'declined':
			detail = [`Par ${who(engagement.by)}`, quote(engagement.reason)].filter(Boolean).join(' : ');
			break;
		case 'cancelled':
			detail = [`Par ${who(engagement.by)}`, quote(engagement.reason)].filter(Boolean).join(' : ');
			break;
		case 'done':
			detail =
				mine?.done && theirs?.done
					? 'Confirmée par vous deux.'
					: mine?.done
						? 'Marquée comme réalisée par vous.'
						: `${Who(other)} l’a marquée comme réalisée : confirmez-le, ou contestez si elle n’a pas eu lieu.`;
			break;
		case 'disputed':
			detail = [`${Who(engagement.by)} conteste qu’elle ait eu lieu`, quote(engagement.reason)]
				.filter(Boolean)
				.join(' : ');
			break;
	}
	return { ...base, detail };
}

/** The neighbour's action on a post, by kind: asking for offered help, or offering to help. */
export function proposeLabel(kind: PostKind): string {
	return kind === 'offer' ? 'Demander cette aide' : 'Proposer mon aide';
}

/** What the author receives, by kind: "la demande de Bruno" or "l’aide de Bruno". */
export function engagementOf(kind: PostKind, name: string): string {
	return kind === 'offer' ? `la demande ${deName(name)}` : `l’aide ${deName(name)}`;
}

/** Heading of the author's list of engagements on their post. */
export function receivedHeading(kind: PostKind): string {
	return kind === 'offer' ? 'Demandes reçues' : 'Propositions d’aide reçues';
}

export const STEP_LABELS: Record<Exclude<MyStep, null>, string> = {
	respond: 'À vous de répondre',
	confirm: 'À vous de confirmer',
	rate: 'À vous de noter'
};

/** Length limits quoted in "too long" messages. */
const LIMITS: Record<string, number> = {
	message: 500,
	dates: 200,
	reason: 300,
	comment: 1000,
	note: 1000,
	phone: 40,
	address: 300
};

/** A field's error code in plain French. */
export function aidFieldError(field: string, code: string | undefined): string {
	if (!code) return '';
	switch (code) {
		case 'required':
			if (field === 'comment') return 'Écrivez votre message avant de l’envoyer.';
			if (field === 'reason')
				return 'Merci d’indiquer un motif : il sera montré à l’autre personne.';
			return 'Ce champ est à remplir.';
		case 'tooLong':
			return LIMITS[field]
				? `Ce texte est trop long : ${LIMITS[field]} caractères au plus.`
				: 'Ce texte est trop long.';
		case 'phone':
			return 'Ce numéro de téléphone semble incomplet : indiquez au moins 6 chiffres (espaces, points, tirets et « + » acceptés, pas de lettres).';
		case 'stars':
			return 'Choisissez une note, de 1 à 5 étoiles.';
		default:
			return 'Vérifiez ce champ.';
	}
}

const RULES: Record<string, string> = {
	ownPost: 'C’est votre annonce : vous ne pouvez pas y répondre vous-même.',
	postClosed: 'Cette annonce est close : elle n’accepte plus de nouvelles demandes.',
	alreadyProposed:
		'Vous avez déjà un échange en cours sur cette annonce : retrouvez-le ci-dessous.',
	notProposed: 'Cette demande a déjà reçu une réponse, ou a été annulée entre-temps.',
	notCancellable: 'Cet échange ne peut plus être annulé : il a déjà été réalisé, refusé ou annulé.',
	notAccepted: 'L’échange doit d’abord être accepté.',
	notDisputable:
		'Vous ne pouvez contester que l’aide marquée comme réalisée par l’autre personne, et pas après l’avoir confirmée.',
	notParticipant: 'Seules les deux personnes de l’échange peuvent se noter.',
	notFinished: 'Vous pourrez noter une fois l’aide marquée comme réalisée.',
	frozen: 'Cette note ne peut plus être modifiée : les 14 jours sont passés.',
	blocked: 'L’auteur de cette annonce ne reçoit pas vos demandes.',
	/** A rating's private note: no admin can read it yet. */
	noAdminKey: NO_ADMIN_KEY
};

/** Any error of an engagement or rating command, for a role="alert" message beside the control. */
export function aidErrorMessage(error: unknown): string {
	if (error instanceof RuleError) {
		return (
			RULES[error.code] ?? 'Cette action n’est plus possible : l’échange a changé entre-temps.'
		);
	}
	if (error instanceof ValidationError) {
		const [field, code] = Object.entries(error.fields)[0] ?? ['', ''];
		return aidFieldError(field, code);
	}
	if (error instanceof NotFoundError) {
		return 'Introuvable sur cet appareil : il arrivera peut-être à la prochaine synchronisation.';
	}
	if (error instanceof NotAuthorError) return 'Seule la personne concernée peut faire cela.';
	return 'Ce changement n’a pas pu être enregistré sur cet appareil.';
}

/** Refusals worded for a cowork booking where the engagement's words would not fit. */
const BOOKING_RATING_RULES: Record<string, string> = {
	notFinished: 'Vous pourrez noter ce coworking une fois le créneau terminé.',
	notParticipant: 'Seuls l’hôte et la personne accueillie peuvent se noter.'
};

/** Any error of rating a cowork booking (as its guest or its host). */
export function bookingRatingErrorMessage(error: unknown): string {
	if (error instanceof RuleError && BOOKING_RATING_RULES[error.code]) {
		return BOOKING_RATING_RULES[error.code]!;
	}
	return aidErrorMessage(error);
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
