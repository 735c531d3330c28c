import { describe, expect, it } from 'vitest';
import { memberId } from '../test-helpers';
import {
	bookingIcsEvent,
	publicPlace,
	type BookingIcsInput,
	type BookingIcsWords
} from './booking-ics';
import { toIcs } from './ics';
import { BOOKING_STATUSES, type Booking, type Slot, type Space } from './types';

const host = memberId('host');
const guest = memberId('guest');
const start = Date.UTC(2030, 2, 4, 8);

const space: Space = {
	key: `${host}:space`,
	hostId: host,
	title: 'Salon lumineux',
	description: '',
	city: 'Paris',
	neighbourhood: 'Belleville',
	seats: 3,
	amenities: [],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false,
	archived: false,
	privateSealed: null,
	addressVersion: 1,
	photos: [],
	listed: false,
	price: null,
	createdAt: 0,
	updatedAt: 0
};
const slot: Slot = {
	key: `${host}:slot`,
	hostId: host,
	spaceKey: space.key,
	start,
	end: start + 4 * 3600_000,
	seats: 2,
	deadline: start,
	seriesId: null,
	cancelled: null,
	seatPriceCents: null,
	createdAt: 0
};
const booking: Booking = {
	key: `${guest}:booking`,
	guestId: guest,
	slotKey: slot.key,
	seats: 2,
	message: '',
	createdAt: 0,
	cancelled: null,
	agreed: null
};
const details = { address: '12 rue des Lilas, 3e étage', access: 'Code 1234B' };
/** The app passes its messages (booking-calendar.ts); here, plain words of the same shape. */
const words: BookingIcsWords = {
	summary: (title) => `Coworking : ${title}`,
	confirmed: (n) => `Réservation confirmée : ${n} places.`,
	unconfirmed: (n) => `Pas encore confirmée : ${n} places.`,
	board: (name) => `Tableau : ${name}`,
	access: (access) => `Accès : ${access}`,
	addressInApp: () => 'Adresse exacte : à ouvrir dans Quartier.',
	addressLater: () => 'Adresse une fois confirmée.'
};
const input: BookingIcsInput = {
	booking,
	slot,
	space,
	status: 'confirmed',
	boardName: 'Rue des Lilas',
	details,
	url: 'https://quartier.example/b/x/spaces/y',
	words
};

describe('a booking as a calendar event', () => {
	it('a confirmed booking carries the address and access, status CONFIRMED', () => {
		const event = bookingIcsEvent(input);
		expect(event).toMatchObject({
			uid: `${booking.key}@quartier`,
			start: slot.start,
			end: slot.end,
			summary: 'Coworking : Salon lumineux',
			location: details.address,
			status: 'CONFIRMED',
			url: input.url
		});
		expect(event.description).toContain('Code 1234B');
		expect(event.description).toContain('2 places');
		expect(event.description).toContain('Rue des Lilas');
	});

	it('no other status ever carries the address, even when details are at hand', () => {
		for (const status of BOOKING_STATUSES.filter((s) => s !== 'confirmed')) {
			const event = bookingIcsEvent({ ...input, status });
			expect(event.status).toBe('TENTATIVE');
			expect(event.location).toBe('Belleville, Paris');
			const ics = toIcs([event], 0);
			expect(ics).not.toContain('Lilas\\, 3e');
			expect(ics).not.toContain('1234B');
		}
	});

	it('a confirmed booking whose details could not be opened falls back to the public place', () => {
		const event = bookingIcsEvent({ ...input, details: null });
		expect(event.status).toBe('CONFIRMED');
		expect(event.location).toBe('Belleville, Paris');
		expect(event.description).toContain('à ouvrir dans Quartier');
	});

	it('public place without a neighbourhood is the city alone', () => {
		expect(publicPlace({ neighbourhood: ' ', city: 'Metz' })).toBe('Metz');
	});
});

describe('the reminder of a booking', () => {
	it('rings 3 h before unless the member chose another lead', () => {
		expect(bookingIcsEvent(input).alarm).toEqual({
			beforeMs: 3 * 3600_000,
			description: 'Coworking : Salon lumineux'
		});
		const ics = toIcs([bookingIcsEvent({ ...input, reminderLeadMs: 30 * 60_000 })], 0);
		expect(ics).toContain('BEGIN:VALARM\r\nTRIGGER:-PT30M\r\nACTION:DISPLAY\r\n');
		// The alarm's words never carry the address.
		const alarm = ics.slice(ics.indexOf('BEGIN:VALARM'), ics.indexOf('END:VALARM'));
		expect(alarm).not.toContain('Lilas');
	});
});
