import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, type BookingState } from '$lib/domain/cowork/types';
import { withLocale } from '$lib/i18n/testing';
import { bookingStatusText } from './booking-status-labels';
import { AMENITY_LABELS, coworkFieldError, WORK_MODE_LABELS } from './cowork-labels';
import { formatSlotTime, seatsText } from './slot-time';

const state = (extra: Partial<BookingState>): BookingState => ({
	bookingKey: 'k',
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

describe('booking status in French', () => {
	it('names every status, distinctly', () => {
		const labels = BOOKING_STATUSES.map((status) => bookingStatusText(state({ status })).label);
		expect(labels).toEqual([
			'Demande en attente',
			'En liste d’attente',
			'Confirmée',
			'Refusée',
			'Annulée',
			'Expirée',
			'Absence signalée',
			'En attente de l’hôte (trop de confirmations)'
		]);
	});

	it('says when a cancellation was late, by whom, and why', () => {
		const text = bookingStatusText(
			state({ status: 'cancelled', late: true, cancelledBy: 'host', reason: 'Malade' })
		);
		expect(text.label).toBe('Annulée (tardive, moins de 24\u00a0h avant)');
		expect(text.detail).toBe('Par l’hôte\u00a0: «\u00a0Malade\u00a0»');
		expect(bookingStatusText(state({ status: 'cancelled', cancelledBy: 'guest' })).detail).toBe(
			'Par vous'
		);
	});

	it('a booking whose slot is unknown is not given a status it may not have', () => {
		expect(bookingStatusText(null).label).toBe('Créneau introuvable sur cet appareil');
	});
});

describe('slot times', () => {
	it('one day: the date once, then both times', () => {
		const start = new Date(2030, 2, 5, 9, 0).getTime();
		const text = formatSlotTime(start, start + 4 * 3600_000);
		expect(text).toMatch(/5 mars 2030/);
		expect(text).toMatch(/09:00 – 13:00$/);
	});

	it('never throws on a bad timestamp', () => {
		expect(formatSlotTime(Number.NaN, 1)).toBe('');
	});

	it('counts seats in French', () => {
		expect(seatsText(1)).toBe('1 place');
		expect(seatsText(3, 'free')).toBe('3 places libres');
		expect(seatsText(1, 'confirmed')).toBe('1 place confirmée');
	});
});

describe('booking words in English', () => {
	it('statuses, seats and cowork errors follow the locale', () => {
		withLocale('en', () => {
			expect(bookingStatusText(state({ status: 'confirmed' })).label).toBe('Confirmed');
			expect(seatsText(1, 'free')).toBe('1 free seat');
			expect(seatsText(3)).toBe('3 seats');
			expect(coworkFieldError('address', 'required')).toBe('Please enter the exact address.');
			expect(AMENITY_LABELS.wifi).toBe('Wi-Fi');
			expect(WORK_MODE_LABELS.silent).toBe('Silent (everyone works without talking)');
		});
		expect(coworkFieldError('address', 'required')).toBe('Merci d’indiquer l’adresse exacte.');
		expect(AMENITY_LABELS.calls).toBe('Pièce au calme pour les appels');
	});
});
