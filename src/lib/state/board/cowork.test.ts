/**
 * Cowork through BoardSession on fake-indexeddb: several phones, each with its own IndexedDB,
 * offline, whose docs meet only when the test carries updates between them (as the relay would).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SpaceInput } from '$lib/domain/cowork/types';
import * as pendingStore from '$lib/persistence/pending-store';
import { boardOf, closePhones, meet, phone, until, type Phone } from './test-phones';

const HOUR = 60 * 60 * 1000;
const SPACE: SpaceInput = {
	title: 'Salon lumineux',
	description: '',
	city: 'Metz',
	neighbourhood: 'Sablon',
	seats: 4,
	amenities: ['wifi'],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false
};
const ADDRESS = { address: '12 rue des Lilas, 3e étage', access: 'Code 4821B' };

afterEach(closePhones);

async function spaceWithSlot(host: Phone, input: SpaceInput, seats: number) {
	const spaceKey = await host.session.cowork.createSpace(input, ADDRESS);
	const start = Date.now() + 48 * HOUR;
	const [slotKey] = host.session.cowork.createSlots(spaceKey, {
		start,
		end: start + 4 * HOUR,
		seats,
		deadline: null,
		repeatWeeks: 0
	});
	return { spaceKey, slotKey: slotKey ?? '' };
}

const statusOf = (p: Phone, slotKey: string, bookingKey: string) =>
	p.session.cowork.snapshot.slots.get(slotKey)?.bookings.get(bookingKey)?.status;

describe('cowork on board sessions', () => {
	it('a host confirms offline; the guest opens the address once synced, nobody else can', async () => {
		const host = await phone(null, 'Hélène');
		const guest = await phone(boardOf(host), 'Gaspard');
		const third = await phone(boardOf(host), 'Théo');
		const { spaceKey, slotKey } = await spaceWithSlot(host, SPACE, 2);
		meet(host, guest, third);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey), 'slot reaches the guest');

		const booked = guest.session.cowork.requestBooking(slotKey, 1, 'Bonjour !');
		const other = third.session.cowork.requestBooking(slotKey, 1, '');
		meet(guest, host);
		meet(third, host);
		await until(() => host.session.members.all.has(guest.memberId), 'guest profile verified');
		await until(() => host.session.cowork.snapshot.bookings.has(other), 'requests reach the host');

		// The host is offline: both decisions are only on the host's phone.
		await host.session.cowork.confirm(booked);
		host.session.cowork.decline(other, 'Complet pour moi');
		expect(statusOf(host, slotKey, booked)).toBe('confirmed');
		expect(host.session.cowork.decisionsUnsynced(slotKey)).toBe(true);
		expect(await guest.session.cowork.openAddress(booked)).toBeNull();

		meet(host, guest, third);
		await until(() => statusOf(guest, slotKey, booked) === 'confirmed', 'guest sees confirmed');
		expect(await guest.session.cowork.openAddress(booked)).toEqual(ADDRESS);
		await until(() => statusOf(third, slotKey, other) === 'declined', 'third sees declined');
		expect(await third.session.cowork.openAddress(other)).toBeNull();
		expect(await third.session.cowork.openAddress(booked)).toBeNull();
		expect(await third.session.cowork.spacePrivateDetails(spaceKey)).toBeNull();
		expect(await host.session.cowork.spacePrivateDetails(spaceKey)).toEqual(ADDRESS);
		// Never in clear in the shared doc.
		expect(JSON.stringify(third.doc.toJSON())).not.toContain('rue des Lilas');
		for (const p of [host, guest, third]) expect(p.errors).toEqual([]);
	});

	it('a changed address is resealed for the confirmed guest by the host device', async () => {
		const host = await phone(null, 'Hélène');
		const guest = await phone(boardOf(host), 'Gaspard');
		const { spaceKey, slotKey } = await spaceWithSlot(host, SPACE, 2);
		meet(host, guest);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey));
		const booked = guest.session.cowork.requestBooking(slotKey, 2, '');
		meet(guest, host);
		await until(() => host.session.members.all.has(guest.memberId));
		await until(() => host.session.cowork.snapshot.bookings.has(booked));
		await host.session.cowork.confirm(booked);

		const moved = { address: '3 place Saint-Louis', access: '' };
		await host.session.cowork.editSpace(spaceKey, SPACE, moved);
		const newVersion = host.session.cowork.snapshot.spaces.get(spaceKey)?.addressVersion;
		expect(newVersion).toBe(2);
		meet(host, guest);
		await until(() => statusOf(guest, slotKey, booked) === 'confirmed');
		// The reseal is written by the host's device after the edit settles.
		for (let i = 0; i < 100; i++) {
			meet(host, guest);
			if ((await guest.session.cowork.openAddress(booked))?.address === moved.address) break;
			await new Promise((r) => setTimeout(r, 20));
		}
		expect(await guest.session.cowork.openAddress(booked)).toEqual(moved);
		expect(statusOf(host, slotKey, booked)).toBe('confirmed');
	});

	it('auto-accept confirms requests up to capacity and waitlists the rest', async () => {
		const host = await phone(null, 'Hélène');
		const first = await phone(boardOf(host), 'Anna');
		const second = await phone(boardOf(host), 'Bruno');
		const { slotKey } = await spaceWithSlot(host, { ...SPACE, autoAccept: true }, 2);
		meet(host, first, second);
		await until(() => second.session.cowork.snapshot.slots.has(slotKey));

		const a = first.session.cowork.requestBooking(slotKey, 1, '');
		await new Promise((r) => setTimeout(r, 5));
		const b = second.session.cowork.requestBooking(slotKey, 2, '');
		meet(first, second, host);
		await until(() => statusOf(host, slotKey, a) === 'confirmed', 'first request accepted');
		expect(statusOf(host, slotKey, b)).toBe('waitlisted');
		expect(host.session.cowork.snapshot.slots.get(slotKey)?.confirmedSeats).toBe(1);

		meet(host, first, second);
		await until(() => statusOf(first, slotKey, a) === 'confirmed');
		expect(await first.session.cowork.openAddress(a)).toEqual(ADDRESS);
		expect(statusOf(second, slotKey, b)).toBe('waitlisted');

		// A seat frees: the waitlisted request moves up and the host's device confirms it.
		first.session.cowork.cancelBooking(a, 'Empêchement');
		meet(first, host);
		await until(() => statusOf(host, slotKey, b) === 'confirmed', 'waitlisted one accepted');
		expect(statusOf(host, slotKey, a)).toBe('cancelled');
		meet(host, second);
		await until(() => statusOf(second, slotKey, b) === 'confirmed');
		expect(await second.session.cowork.openAddress(b)).toEqual(ADDRESS);
	});

	it('my records stay "not yet synced" across a reload, until the relay acknowledges them', async () => {
		const host = await phone(null, 'Hélène');
		let guest = await phone(boardOf(host), 'Gaspard');
		const { slotKey } = await spaceWithSlot(host, SPACE, 2);
		meet(host, guest);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey));
		expect(guest.session.cowork.snapshot.unsynced.has(slotKey)).toBe(false);
		expect(host.session.cowork.snapshot.unsynced.has(slotKey)).toBe(true);

		const booked = guest.session.cowork.requestBooking(slotKey, 1, '');
		await until(() => guest.session.cowork.snapshot.unsynced.has(booked), 'unsynced at once');

		guest = await guest.reopen();
		await until(() => guest.session.cowork.snapshot.bookings.has(booked));
		await until(
			() => guest.session.cowork.snapshot.unsynced.has(booked),
			'still unsynced after reload'
		);

		// The relay stores everything the guest wrote and says so.
		const stored = Y.decodeStateVector(Y.encodeStateVector(guest.doc));
		await pendingStore.acknowledge(guest.db, guest.session.id, stored);
		await until(() => !guest.session.cowork.snapshot.unsynced.has(booked), 'cleared by the ack');

		// A later change (the cancellation) is unsynced again, the ack before it does not cover it.
		guest.session.cowork.cancelBooking(booked, 'Empêchement');
		await until(
			() => guest.session.cowork.snapshot.unsynced.has(booked),
			'the cancellation is new'
		);
		expect(guest.errors).toEqual([]);
	});
});
