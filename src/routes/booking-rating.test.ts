/**
 * Rating a cowork booking from the pages (bookingRating): refusals speak of the slot.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpaceInput } from '$lib/domain/cowork/types';
import { boardOf, closePhones, meet, phone, until } from '$lib/state/board/test-phones';
import { bookingRating } from './booking-rating';

afterEach(closePhones);
afterEach(() => vi.restoreAllMocks());

const HOUR = 60 * 60 * 1000;
const SPACE: SpaceInput = {
	title: 'Salon lumineux',
	description: '',
	city: 'Metz',
	neighbourhood: 'Sablon',
	seats: 2,
	amenities: [],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false
};

describe('bookingRating', () => {
	it('says a booking can be rated once its slot is over, not once help is marked done', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const host = await phone(null, 'Hélène');
		const guest = await phone(boardOf(host), 'Gaspard');
		const spaceKey = await host.session.cowork.createSpace(SPACE, {
			address: '1 rue Haute',
			access: ''
		});
		const start = Date.now() + 48 * HOUR;
		const [slotKey] = host.session.cowork.createSlots(spaceKey, {
			start,
			end: start + 4 * HOUR,
			seats: 2,
			deadline: null,
			repeatWeeks: 0
		});
		meet(host, guest);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey!), 'slot reaches the guest');
		const booking = guest.session.cowork.requestBooking(slotKey!, 1, '');
		await until(() => guest.session.cowork.snapshot.bookings.has(booking), 'booking on the guest');

		const failed = await bookingRating(guest.session, booking).onsave(
			{ stars: 5, comment: '' },
			''
		);
		expect(failed).toBe('Vous pourrez noter ce coworking une fois le créneau terminé.');
		expect(guest.doc.getMap('ratings').size).toBe(0);
	});
});
