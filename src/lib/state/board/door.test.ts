/**
 * At the door through BoardSession (issue 18): both phones offline, they never meet again after
 * the request; only signed packets carry the host's welcome and the guest's arrival. Both end up
 * showing the attested check-in, and the host can then no longer mark a no-show.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpaceInput } from '$lib/domain/cowork/types';
import type { PostInput } from '$lib/domain/help/types';
import { RuleError } from '$lib/domain/errors';
import { doorSubject } from './door-subject';
import { boardOf, closePhones, meet, phone, until, type Phone } from './test-phones';

const MINUTE = 60_000;
const SPACE: SpaceInput = {
	title: 'Atelier',
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

const subjectOf = (p: Phone, key: string) =>
	doorSubject(
		{ cowork: p.session.cowork.snapshot, aid: p.session.aid.snapshot, postTitle: () => '' },
		p.memberId,
		key,
		Date.now()
	);

/** The slot starts in half an hour: the door is open. The host has the guest's request. */
async function atTheDoor() {
	const host = await phone(null, 'Hélène');
	const guest = await phone(boardOf(host), 'Gaspard');
	const spaceKey = await host.session.cowork.createSpace(SPACE, { address: '1 rue', access: '' });
	const start = Date.now() + 30 * MINUTE;
	const [slotKey = ''] = host.session.cowork.createSlots(spaceKey, {
		start,
		end: start + 120 * MINUTE,
		seats: 2,
		deadline: null,
		repeatWeeks: 0
	});
	meet(host, guest);
	await until(() => guest.session.cowork.snapshot.slots.has(slotKey), 'slot reaches the guest');
	const booking = guest.session.cowork.requestBooking(slotKey, 1, '');
	meet(host, guest);
	await until(() => host.session.cowork.snapshot.bookings.has(booking), 'request reaches host');
	await until(() => host.session.members.all.has(guest.memberId), 'guest profile verified');
	return { host, guest, booking };
}

describe('the door on two offline phones', () => {
	it('host welcomes (confirming), guest scans and arrives, host scans: attested on both', async () => {
		const { host, guest, booking } = await atTheDoor();
		expect(subjectOf(guest, booking)).toMatchObject({ role: 'guest', status: 'requested' });
		// The guest cannot arrive on a request the host has not confirmed.
		await expect(guest.session.cowork.checkIn(booking)).rejects.toThrow(RuleError);

		await host.session.cowork.checkIn(booking);
		await until(() => subjectOf(host, booking)?.mine === true, 'host checked in');
		expect(subjectOf(host, booking)).toMatchObject({ status: 'confirmed', attested: false });

		const hostCode = await host.session.handover.build(booking);
		expect(await guest.session.handover.receive(hostCode)).toMatchObject({ kind: 'applied' });
		await until(() => subjectOf(guest, booking)?.status === 'confirmed', 'guest sees confirmed');
		expect(subjectOf(guest, booking)).toMatchObject({ theirs: true, mine: false });

		await guest.session.cowork.checkIn(booking);
		const guestCode = await guest.session.handover.build(booking);
		expect(await host.session.handover.receive(guestCode)).toMatchObject({ kind: 'applied' });
		await until(() => subjectOf(host, booking)?.attested === true, 'host sees attested');
		await until(() => subjectOf(guest, booking)?.attested === true, 'guest sees attested');
		// Scanning the same code twice changes nothing.
		expect(await host.session.handover.receive(guestCode)).toMatchObject({ kind: 'already' });
	});

	it('a code from another board is refused, and nothing is applied', async () => {
		const { host, booking } = await atTheDoor();
		const stranger = await phone(null, 'Sacha');
		await host.session.cowork.checkIn(booking);
		const elsewhere = await stranger.session.handover.build();
		expect(await host.session.handover.receive(elsewhere)).toMatchObject({
			kind: 'refused',
			reason: 'other-board'
		});
		expect(subjectOf(host, booking)).toMatchObject({ mine: true, theirs: false });
	});

	it('service rendu: each side says it, each scans the other’s code, the engagement is done and attested', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(OFFER);
		meet(ana, ben);
		await until(() => ana.session.members.all.has(ben.memberId), 'Ben’s profile verified');
		const engagement = ben.session.aid.propose(post, '', '');
		meet(ana, ben);
		await until(() => ana.session.aid.snapshot.engagements.has(engagement), 'proposal on Ana');
		await ana.session.aid.respond(engagement, true);
		meet(ana, ben);
		await until(() => subjectOf(ben, engagement)?.status === 'accepted', 'accepted on Ben');

		// From here on, only packets.
		ana.session.aid.serviceRendered(engagement);
		ben.session.aid.serviceRendered(engagement);
		await until(() => subjectOf(ben, engagement)?.mine === true, 'Ben said so');
		expect(subjectOf(ben, engagement)).toMatchObject({ status: 'accepted', attested: false });
		const fromAna = await ana.session.handover.build(engagement);
		const fromBen = await ben.session.handover.build(engagement);
		expect(await ben.session.handover.receive(fromAna)).toMatchObject({ kind: 'applied' });
		expect(await ana.session.handover.receive(fromBen)).toMatchObject({ kind: 'applied' });
		for (const p of [ana, ben]) {
			await until(() => subjectOf(p, engagement)?.attested === true, `attested on ${p.memberId}`);
			expect(subjectOf(p, engagement)?.status).toBe('done');
		}
	});
});

const OFFER: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: 'Aide informatique',
	description: '',
	availability: '',
	area: ''
};
