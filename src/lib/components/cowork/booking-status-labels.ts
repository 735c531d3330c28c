/**
 * A guest's booking status in plain words, from the messages (DESIGN.md §7: every state is named), with an icon
 * that is decoration only: the words carry the meaning for screen readers and colour-blind eyes.
 */
import type { BookingState, BookingStatus } from '$lib/domain/cowork/types';
import { m } from '$lib/paraglide/messages.js';

export type StatusTone = 'good' | 'warn' | 'bad' | 'muted';

export interface StatusText {
	icon: string;
	label: string;
	tone: StatusTone;
	/** One more sentence when the label alone would leave the person guessing. */
	detail: string;
}

const BASE: Record<BookingStatus, { icon: string; label: () => string; tone: StatusTone }> = {
	requested: { icon: '📨', label: m.booking_status_requested, tone: 'warn' },
	waitlisted: { icon: '⏳', label: m.booking_status_waitlisted, tone: 'warn' },
	confirmed: { icon: '✅', label: m.booking_status_confirmed, tone: 'good' },
	declined: { icon: '✖️', label: m.booking_status_declined, tone: 'bad' },
	cancelled: { icon: '🚫', label: m.booking_status_cancelled, tone: 'muted' },
	expired: { icon: '⌛', label: m.booking_status_expired, tone: 'muted' },
	'no-show': { icon: '❔', label: m.booking_status_no_show, tone: 'bad' },
	'over-capacity': { icon: '⚠️', label: m.booking_status_over_capacity, tone: 'warn' }
};

function detail(state: BookingState): string {
	switch (state.status) {
		case 'requested':
			return m.booking_detail_requested();
		case 'waitlisted':
			return m.booking_detail_waitlisted();
		case 'over-capacity':
			return m.booking_detail_over_capacity();
		case 'expired':
			return m.booking_detail_expired();
		case 'cancelled': {
			const who =
				state.cancelledBy === 'host'
					? m.booking_detail_by_host()
					: state.cancelledBy
						? m.booking_detail_by_you()
						: '';
			const reason = state.reason.trim();
			if (who && reason) return m.booking_detail_by_with_reason({ who, reason });
			return who || (reason && m.booking_detail_reason({ reason }));
		}
		case 'declined': {
			const reason = state.reason.trim();
			return reason ? m.booking_detail_reason({ reason }) : '';
		}
		default:
			return '';
	}
}

/** Null state: the slot is not on this device. "Not yet synced" is shown beside, not instead. */
export function bookingStatusText(state: BookingState | null): StatusText {
	if (!state) {
		return {
			icon: '❔',
			label: m.booking_status_slot_missing(),
			tone: 'muted',
			detail: m.booking_detail_slot_missing()
		};
	}
	const { icon, label, tone } = BASE[state.status];
	return {
		icon,
		tone,
		label: state.status === 'cancelled' && state.late ? m.booking_status_cancelled_late() : label(),
		detail: detail(state)
	};
}

/** "Not synced yet", beside a booking's status. */
export const unsyncedLabel = (): string => m.booking_unsynced_label();
export const unsyncedDetail = (): string => m.booking_unsynced_detail();

/** A status's short label alone ("Confirmée"), as a calendar cell shows it. */
export const bookingStatusLabel = (status: BookingStatus): string => BASE[status].label();
