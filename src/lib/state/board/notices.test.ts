/**
 * What waits for me, through BoardSession on fake-indexeddb: the notices service derives after
 * the burst settles, keeps the last visit in Dexie, and counts open requests even once seen.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpaceInput } from '$lib/domain/cowork/types';
import { loadVisit } from '$lib/persistence/notice-visits';
import { boardOf, closePhones, meet, phone, until } from './test-phones';

const HOUR = 60 * 60 * 1000;
const SPACE: SpaceInput = {
	title: 'Salon lumineux',
	description: '',
	city: 'Metz',
	neighbourhood: '',
	seats: 2,
	amenities: [],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false
};

afterEach(closePhones);

describe('notices on a board session', () => {
	it('a seat request waits for the host; a visit clears the unseen, not the open request', async () => {
		const host = await phone(null, 'Hélène');
		const guest = await phone(boardOf(host), 'Gaspard');
		await until(() => host.session.notices.ready, 'first derivation');
		// The first derivation on this device is the baseline: stored at once.
		expect(await loadVisit(host.db, host.session.id)).toMatchObject({ seen: [] });

		const spaceKey = await host.session.cowork.createSpace(SPACE, { address: 'x', access: '' });
		const start = Date.now() + 48 * HOUR;
		const [slotKey] = host.session.cowork.createSlots(spaceKey, {
			start,
			end: start + 2 * HOUR,
			seats: 2,
			deadline: null,
			repeatWeeks: 0
		});
		meet(host, guest);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey ?? ''), 'slot synced');
		guest.session.cowork.requestBooking(slotKey ?? '', 1, '');
		meet(guest, host);

		await until(() => host.session.notices.waiting.count === 1, 'the request waits');
		expect(host.session.notices.waiting.unseen.map((n) => n.kind)).toEqual(['seat-request']);
		expect(guest.session.notices.waiting.count).toBe(0);

		await host.session.notices.markVisited();
		expect(host.session.notices.waiting.unseen).toEqual([]);
		expect(host.session.notices.waiting.open.map((n) => n.kind)).toEqual(['seat-request']);
		expect(host.session.notices.waiting.count).toBe(1);

		// Kept across a restart of the app.
		const again = await host.reopen();
		await until(() => again.session.notices.ready, 'derived again');
		expect(again.session.notices.waiting.unseen).toEqual([]);
		expect(again.session.notices.waiting.count).toBe(1);
		for (const p of [host, guest]) expect(p.errors).toEqual([]);
	});
});
