/** Slot states as calendar entries: seats at a glance, my booking, the host's to-dos, in words. */
import { m } from '$lib/paraglide/messages.js';
import { myStatusOn, slotGlance } from '$lib/domain/cowork/slot-glance';
import type { Booking, BookingStatus, SlotState } from '$lib/domain/cowork/types';
import { bookingStatusLabel } from '../cowork/booking-status-labels';
import type { CalendarItem } from './calendar-item';
import { glanceText } from './week-labels';

function mineText(status: BookingStatus | null): string | undefined {
	return status ? m.cal_mine({ status: bookingStatusLabel(status) }) : undefined;
}

export interface SlotItemOptions {
	key?: string;
	now: number;
	/** My bookings are marked when given (a guest's view). */
	me?: { memberId: string; bookings: Iterable<Booking> };
	/** The host's view: requests to answer and seats confirmed. */
	host?: boolean;
	title?: string;
	href?: string;
}

export function slotItem(state: SlotState, options: SlotItemOptions): CalendarItem {
	const glance = slotGlance(state, options.now);
	const status = options.me ? myStatusOn(state, options.me.bookings, options.me.memberId) : null;
	let note: string | undefined;
	if (options.host && glance.kind !== 'cancelled') {
		const waiting = [...state.bookings.values()].filter(
			(b) => b.status === 'requested' || b.status === 'waitlisted'
		).length;
		note =
			waiting > 0
				? m.cal_waiting({ count: waiting })
				: state.confirmedSeats > 0
					? m.cal_confirmed({ count: state.confirmedSeats })
					: undefined;
	}
	return {
		key: options.key ?? state.slot.key,
		start: state.slot.start,
		end: state.slot.end,
		title: options.title,
		seats: glanceText(glance),
		tone: glance.kind === 'free' ? 'free' : glance.kind === 'full' ? 'full' : 'off',
		mine: mineText(status),
		note,
		href: options.href
	};
}
