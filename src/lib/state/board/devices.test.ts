/**
 * One member on two devices, through BoardSession on fake-indexeddb (phones meet only when the
 * test carries updates, as the relay would): what each device can write, read and open.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpaceInput } from '$lib/domain/cowork/types';
import { postInputOf } from '$lib/domain/help/types';
import { boardOf, closePhones, linkedPhone, meet, phone, until, type Phone } from './test-phones';

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
const ADDRESS = { address: '12 rue des Lilas, 3e étage', access: 'Code 4821B' };

afterEach(closePhones);

const devicesSeenBy = (viewer: Phone, member: string) =>
	viewer.session.members.all.get(member)?.devices.length ?? -1;

describe('one member, two devices', () => {
	it('the tablet writes as the member; everyone sees one member with two devices', async () => {
		const amelie = await phone(null, 'Amélie');
		const ben = await phone(boardOf(amelie), 'Ben');
		const tablet = await linkedPhone(amelie, 'Tablette');
		expect(tablet.memberId).toBe(amelie.memberId);
		const key = tablet.session.posts.create({
			kind: 'offer',
			category: 'repairs',
			title: 'Prêt de perceuse',
			description: '',
			area: '',
			availability: ''
		});
		meet(amelie, tablet, ben);
		await until(() => devicesSeenBy(ben, amelie.memberId) === 1, 'Ben verifies the device list');
		await until(() => ben.session.posts.list.some((p) => p.key === key), 'the post reaches Ben');
		const post = ben.session.posts.list.find((p) => p.key === key)!;
		expect(post.authorId).toBe(amelie.memberId);
		expect(ben.session.members.nameOf(post.authorId)).toBe('Amélie');
		// The first phone can edit what the tablet wrote: it is the same member's record.
		amelie.session.posts.edit(key, {
			...postInputOf(post),
			title: 'Prêt de perceuse et d’escabeau'
		});
		meet(amelie, tablet, ben);
		await until(
			() => tablet.session.posts.list.some((p) => p.title === 'Prêt de perceuse et d’escabeau'),
			'the edit reaches the tablet'
		);
		for (const p of [amelie, ben, tablet]) expect(p.errors).toEqual([]);
	});

	it('a host’s private address opens on both of the host’s devices, and reaches a guest’s new device', async () => {
		const host = await phone(null, 'Hélène');
		const guest = await phone(boardOf(host), 'Gaspard');
		const hostTablet = await linkedPhone(host, 'Tablette');
		const spaceKey = await host.session.cowork.createSpace(SPACE, ADDRESS);
		meet(host, hostTablet, guest);
		await until(
			async () => (await hostTablet.session.cowork.spacePrivateDetails(spaceKey)) !== null,
			'the host tablet opens the address'
		);
		expect(await hostTablet.session.cowork.spacePrivateDetails(spaceKey)).toEqual(ADDRESS);

		const start = Date.now() + 48 * HOUR;
		const [slotKey] = hostTablet.session.cowork.createSlots(spaceKey, {
			start,
			end: start + 2 * HOUR,
			seats: 1,
			deadline: null,
			repeatWeeks: 0
		});
		meet(host, hostTablet, guest);
		await until(() => guest.session.cowork.snapshot.slots.has(slotKey!), 'slot reaches the guest');
		const booking = guest.session.cowork.requestBooking(slotKey!, 1, '');
		meet(host, hostTablet, guest);
		await until(() => hostTablet.session.members.all.has(guest.memberId), 'guest verified');
		await until(
			() => hostTablet.session.cowork.snapshot.bookings.has(booking),
			'request reaches the tablet'
		);
		// The tablet confirms: it reads the address sealed to the host's devices and seals it on.
		await hostTablet.session.cowork.confirm(booking);
		meet(host, hostTablet, guest);
		await until(
			async () => (await guest.session.cowork.openAddress(booking)) !== null,
			'guest opens'
		);

		// The guest links a phone later: the host's device reseals the address to both of theirs.
		const guestPhone = await linkedPhone(guest, 'Téléphone');
		meet(host, hostTablet, guest, guestPhone);
		await until(() => devicesSeenBy(host, guest.memberId) === 1, 'host sees the guest’s device');
		meet(host, hostTablet, guest, guestPhone);
		await until(async () => {
			meet(host, hostTablet, guest, guestPhone);
			return (await guestPhone.session.cowork.openAddress(booking)) !== null;
		}, 'the guest’s new phone opens the address');
		expect(await guestPhone.session.cowork.openAddress(booking)).toEqual(ADDRESS);

		// The host takes the tablet back: the address is resealed to the host's first phone only.
		const { removeDevice } = await import('$lib/persistence/device-link');
		host.identity = await removeDevice(host.db, hostTablet.identity.deviceKey!, 9);
		host.session.setIdentity(host.identity);
		await until(async () => {
			const space = host.session.cowork.snapshot.spaces.get(spaceKey);
			const sealed = space?.privateSealed;
			return !!sealed && !Array.isArray(sealed);
		}, 'resealed to the remaining device');
		meet(host, hostTablet);
		await until(
			async () => (await hostTablet.session.cowork.spacePrivateDetails(spaceKey)) === null,
			'the removed tablet no longer opens it'
		);
		for (const p of [host, guest, hostTablet, guestPhone]) expect(p.errors).toEqual([]);
	});
});

describe('two devices of one member online together', () => {
	/** Carries updates both ways until nobody writes the profiles any more (or gives up). */
	async function settle(a: Phone, b: Phone): Promise<number> {
		let writes = 0;
		const count = () => writes++;
		a.doc.getMap('members').observe(count);
		let quiet = 0;
		for (let round = 0; round < 60 && quiet < 10; round++) {
			const before = writes;
			meet(a, b);
			await new Promise((r) => setTimeout(r, 20));
			quiet = writes === before ? quiet + 1 : 0;
		}
		a.doc.getMap('members').unobserve(count);
		return quiet;
	}

	it('converge instead of rewriting each other’s profile: same copy, a rename, two removals', async () => {
		const amelie = await phone(null, 'Amélie');
		const tablet = await linkedPhone(amelie, 'Tablette');
		const lost = await linkedPhone(amelie, 'Perdu');
		expect(await settle(amelie, tablet)).toBe(10);

		// The tablet renames me while both take the lost phone back at different times.
		const lostKey = lost.identity.deviceKey!;
		const { removeDevice } = await import('$lib/persistence/device-link');
		const { updateProfile } = await import('$lib/persistence/identity-store');
		await until(
			() => tablet.session.members.all.get(amelie.memberId)?.devices.length === 2,
			'tablet knows'
		);
		amelie.identity = await removeDevice(amelie.db, lostKey, 7000);
		amelie.session.setIdentity(amelie.identity);
		await removeDevice(tablet.db, lostKey, 6000);
		tablet.identity = await updateProfile(tablet.db, 'Amélie B.', '', 8000);
		tablet.session.setIdentity(tablet.identity);
		expect(await settle(amelie, tablet)).toBe(10);
		const seen = (p: Phone) => p.session.members.all.get(amelie.memberId);
		await until(() => seen(amelie)?.name === 'Amélie B.', 'the rename reaches the phone');
		const removedAt = (p: Phone) =>
			seen(p)?.devices.find((d) => d.deviceKey === lostKey)?.removedAt;
		expect(removedAt(amelie)).toBe(6000);
		expect(removedAt(tablet)).toBe(6000);
		expect(amelie.errors).toEqual([]);
		expect(tablet.errors).toEqual([]);
	});
});
