/**
 * The host's decisions on one request, rendered on the server (svelte/server): only the buttons
 * whose command the domain would accept now.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { BookingState } from '$lib/domain/cowork/types';
import HostBookingRow from './HostBookingRow.svelte';

const booking = (extra: Partial<BookingState>): BookingState => ({
	bookingKey: 'guest:b',
	status: 'requested',
	seats: 1,
	cancelledBy: null,
	reason: '',
	late: false,
	sealed: null,
	checkins: { host: false, guest: false },
	attested: false,
	...extra
});

function row(state: BookingState, freeSeats: number, started = false) {
	return render(HostBookingRow, {
		props: {
			booking: state,
			guestName: 'Bruno',
			message: '',
			freeSeats,
			started,
			noShowOpen: started,
			ended: false,
			onconfirm: async () => null,
			ondecline: () => null,
			oncancel: () => null,
			onnoshow: () => null
		}
	}).body;
}

describe('HostBookingRow', () => {
	it('offers Confirmer only when the request fits in the free seats', () => {
		const full = row(booking({ status: 'waitlisted', seats: 1 }), 0);
		expect(full).not.toContain('Confirmer');
		expect(full).toContain('Refuser');
		expect(full).toContain('Plus assez de places libres');
		expect(row(booking({ status: 'requested', seats: 3 }), 2)).not.toContain('Confirmer');
		// Over capacity after two devices confirmed at once: negative free seats.
		expect(row(booking({ status: 'waitlisted', seats: 1 }), -1)).not.toContain('Confirmer');

		const fits = row(booking({ status: 'waitlisted', seats: 2 }), 2);
		expect(fits).toContain('Confirmer');
		expect(fits).not.toContain('Plus assez de places libres');
		expect(row(booking({ status: 'requested', seats: 1 }), 4)).toContain('Confirmer');
	});

	it('offers nothing to confirm once the slot has started', () => {
		const late = row(booking({ status: 'requested' }), 4, true);
		expect(late).not.toContain('Confirmer');
		expect(late).not.toContain('Plus assez de places libres');
	});
});
