import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { requestBooking } from '../cowork/booking-commands';
import { readBookings } from '../cowork/read';
import { proposeEngagement, respond } from '../engagement/commands';
import { readEngagements } from '../engagement/read';
import { NotAuthorError } from '../errors';
import { memberId } from '../test-helpers';
import { readSettlements, setSettled, type PayeeOf } from './settlements';

const host = memberId('host');
const guest = memberId('guest');
const HOUR = 3600_000;
const NOW = Date.UTC(2030, 1, 1, 9);

function coworkDoc(seatPriceCents: number | null) {
	const doc = new Y.Doc();
	doc.getMap('spaces').set(`${host}:space`, {
		schemaVersion: 1,
		title: 'Salon',
		description: '',
		city: 'Lyon',
		neighbourhood: '',
		seats: 4,
		amenities: [],
		workMode: 'silent',
		houseRules: '',
		autoAccept: false,
		archived: false,
		privateSealed: null,
		addressVersion: 1,
		photos: [],
		listed: false,
		price: { kind: 'hourly', cents: 300 },
		createdAt: 1,
		updatedAt: 1
	});
	doc.getMap('slots').set(`${host}:slot`, {
		schemaVersion: 1,
		space: `${host}:space`,
		start: NOW + 24 * HOUR,
		end: NOW + 28 * HOUR,
		seats: 4,
		deadline: NOW + 24 * HOUR,
		seriesId: null,
		cancelled: null,
		seatPriceCents,
		createdAt: 1
	});
	return doc;
}

describe('agreed terms', () => {
	it('a booking records the seat price times the seats, or the space’s terms', () => {
		const priced = coworkDoc(800);
		const key = requestBooking(priced, guest, `${host}:slot`, 2, '', NOW);
		expect(readBookings(priced).get(key)?.agreed).toEqual({ kind: 'fixed', cents: 1600 });
		const unpriced = coworkDoc(null);
		const other = requestBooking(unpriced, guest, `${host}:slot`, 1, '', NOW);
		expect(readBookings(unpriced).get(other)?.agreed).toEqual({ kind: 'hourly', cents: 300 });
	});

	it('an accepted engagement records the post’s terms at that moment', () => {
		const doc = new Y.Doc();
		const post = `${host}:post`;
		doc.getMap('posts').set(post, {
			schemaVersion: 1,
			kind: 'offer',
			title: 'Montage de meubles',
			description: '',
			category: 'diy',
			status: 'open',
			price: { kind: 'hourly', cents: 1500 },
			createdAt: 1,
			updatedAt: 1
		});
		const key = proposeEngagement(doc, guest, post, '', '', NOW);
		respond(doc, host, key, 'accepted', '', null, NOW + 1);
		expect(readEngagements(doc).get(key)?.response?.agreed).toEqual({
			kind: 'hourly',
			cents: 1500
		});
	});
});

describe('settled', () => {
	const payeeOf: PayeeOf = (target) => (target === `${guest}:booking` ? host : null);

	it('counts only the mark of the one who is paid, and can be taken back', () => {
		const doc = new Y.Doc();
		expect(() => setSettled(doc, guest, `${guest}:booking`, true, 'cash', payeeOf, NOW)).toThrow(
			NotAuthorError
		);
		doc.getMap('settlements').set(`${guest}:forged`, {
			target: `${guest}:booking`,
			settled: true,
			method: 'cash',
			at: NOW
		});
		expect(readSettlements(doc, payeeOf).size).toBe(0);
		setSettled(doc, host, `${guest}:booking`, true, 'transfer', payeeOf, NOW);
		expect(readSettlements(doc, payeeOf).get(`${guest}:booking`)).toEqual({
			by: host,
			method: 'transfer',
			at: NOW
		});
		setSettled(doc, host, `${guest}:booking`, false, 'transfer', payeeOf, NOW + 1);
		expect(readSettlements(doc, payeeOf).size).toBe(0);
	});
});
