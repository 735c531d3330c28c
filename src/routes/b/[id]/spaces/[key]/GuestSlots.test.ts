/**
 * A space's slots as a neighbour sees them, rendered on the server (svelte/server) from real
 * board sessions: a guest the host blocks gets no request form that could only be refused.
 */
import 'fake-indexeddb/auto';
import { render } from 'svelte/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpaceInput } from '$lib/domain/cowork/types';
import { boardOf, closePhones, meet, phone, until, type Phone } from '$lib/state/board/test-phones';
import GuestSlots from './GuestSlots.svelte';

afterEach(closePhones);

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

function slotsSeenBy(guest: Phone, slotKey: string) {
	return render(GuestSlots, {
		props: {
			session: guest.session,
			slots: [guest.session.cowork.snapshot.slots.get(slotKey)!],
			me: guest.memberId,
			now: Date.now(),
			describe: () => ''
		}
	}).body;
}

describe('GuestSlots', () => {
	it('tells a guest the host blocks that their requests are not received, with no form', async () => {
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
		const before = slotsSeenBy(guest, slotKey!);
		expect(before).toContain('<form');
		expect(before).not.toContain('Vous ne pouvez pas réserver les créneaux de cet espace.');

		host.session.moderation.setBlocked(guest.memberId, true);
		meet(host, guest);
		await until(
			() => guest.session.moderation.blocks.get(host.memberId)?.has(guest.memberId) === true,
			'the block reaches the guest'
		);
		const blocked = slotsSeenBy(guest, slotKey!);
		expect(blocked).toContain('Vous ne pouvez pas réserver les créneaux de cet espace.');
		expect(blocked).not.toContain('<form');
	});
});
