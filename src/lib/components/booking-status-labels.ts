/**
 * A guest's booking status in plain French (DESIGN.md §7: every state is named), with an icon
 * that is decoration only: the words carry the meaning for screen readers and colour-blind eyes.
 */
import type { BookingState, BookingStatus } from '$lib/domain/cowork/types';

export type StatusTone = 'good' | 'warn' | 'bad' | 'muted';

export interface StatusText {
	icon: string;
	label: string;
	tone: StatusTone;
	/** One more sentence when the label alone would leave the person guessing. */
	detail: string;
}

const BASE: Record<BookingStatus, Omit<StatusText, 'detail'>> = {
	requested: { icon: '📨', label: 'Demande envoyée', tone: 'warn' },
	waitlisted: { icon: '⏳', label: 'En liste d’attente', tone: 'warn' },
	confirmed: { icon: '✅', label: 'Confirmée', tone: 'good' },
	declined: { icon: '✖️', label: 'Refusée', tone: 'bad' },
	cancelled: { icon: '🚫', label: 'Annulée', tone: 'muted' },
	expired: { icon: '⌛', label: 'Expirée', tone: 'muted' },
	'no-show': { icon: '❔', label: 'Absent', tone: 'bad' },
	'over-capacity': {
		icon: '⚠️',
		label: 'En attente de l’hôte (trop de confirmations)',
		tone: 'warn'
	}
};

function detail(state: BookingState): string {
	switch (state.status) {
		case 'requested':
			return 'L’hôte n’a pas encore répondu.';
		case 'waitlisted':
			return 'Le créneau est complet : votre demande passera en attente de réponse si une place se libère.';
		case 'over-capacity':
			return 'L’hôte a confirmé plus de places qu’il n’y en a ; il doit choisir. Ce n’est pas encore une place sûre.';
		case 'expired':
			return 'L’hôte n’a pas répondu à temps.';
		case 'cancelled': {
			const who = state.cancelledBy === 'host' ? 'Par l’hôte' : state.cancelledBy ? 'Par vous' : '';
			const why = state.reason.trim();
			return [who, why && `« ${why} »`].filter(Boolean).join(' : ');
		}
		case 'declined':
			return state.reason.trim() ? `« ${state.reason.trim()} »` : '';
		default:
			return '';
	}
}

/** Null state: the slot is not on this device. "Not yet synced" is shown beside, not instead. */
export function bookingStatusText(state: BookingState | null): StatusText {
	if (!state) {
		return {
			icon: '❔',
			label: 'Créneau introuvable sur cet appareil',
			tone: 'muted',
			detail: 'Il arrivera à la prochaine synchronisation, ou l’hôte a quitté le tableau.'
		};
	}
	const base = BASE[state.status];
	const label =
		state.status === 'cancelled' && state.late
			? 'Annulée (tardive, moins de 24 h avant)'
			: base.label;
	return { ...base, label, detail: detail(state) };
}

export const UNSYNCED_LABEL = 'Pas encore synchronisée';
export const UNSYNCED_DETAIL =
	'Seulement sur cet appareil : elle partira au retour du réseau. L’hôte ne la voit pas encore.';
