import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { memberIdFromPublicKey } from '$lib/domain/identity/member-id';
import { chainTo, isValidChain } from '$lib/domain/identity/device-chain';
import { verifyBytes, verifyProfile } from '$lib/domain/identity/keys';
import {
	LinkRefused,
	linkRequestUrl,
	linkResponseUrl,
	parseLinkRequest,
	parseLinkResponse
} from '$lib/domain/identity/link-codes';
import {
	isRemoved,
	mySealKeys,
	ownDeviceKey,
	proofChain,
	sealKeysOf
} from '$lib/domain/identity/my-devices';
import { openSet, sealToAll } from '$lib/domain/identity/sealed';
import { openDb, type QuartierDb, type StoredIdentity } from './db';
import {
	adoptProfile,
	completeLink,
	linkDevice,
	linkResponse,
	removeDevice,
	startLink
} from './device-link';
import { createIdentity, profileOf, updateProfile } from './identity-store';

const ORIGIN = 'https://quartier.test';
const dbs: QuartierDb[] = [];
let n = 0;

function phone(): QuartierDb {
	const db = openDb(`device-link-test-${++n}`);
	dbs.push(db);
	return db;
}

afterEach(async () => {
	await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

const board = { id: 'b'.repeat(22), secret: 's'.repeat(43), name: 'Rue des Lilas', city: 'Metz' };

/** First phone A links phone B through the two codes, as text (what the QR codes hold). */
async function linkTwoPhones() {
	const a = phone();
	const b = phone();
	await createIdentity(a, 'Amélie', 'vélo', 1000);
	const request = parseLinkRequest(linkRequestUrl(ORIGIN, await startLink(b, 2000)));
	const linked = await linkDevice(a, request, 'Tablette', 3000);
	const url = await linkResponseUrl(ORIGIN, linkResponse(linked, [board]));
	const second = await completeLink(b, await parseLinkResponse(url));
	return { a, b, first: linked, second };
}

const profile = (i: StoredIdentity) => ({ ...profileOf(i), signature: i.signature });
const profileState = (i: StoredIdentity) => ({
	name: i.name,
	bio: i.bio,
	updatedAt: i.updatedAt ?? null,
	devices: i.devices ?? [],
	rootRemovedAt: i.rootRemovedAt ?? null
});

describe('linking a device', () => {
	it('makes the new device the same member, with its own key and a chain to the first', async () => {
		const { first, second } = await linkTwoPhones();
		expect(second.memberId).toBe(first.memberId);
		expect(second.publicKey).toBe(first.publicKey);
		expect(second.deviceKey).not.toBe(first.publicKey);
		expect(second.privateKey.extractable).toBe(false);
		expect(second.encryptionPrivateKey.extractable).toBe(false);
		expect(second.name).toBe('Amélie');
		// What the relay checks: a chain from the member's first key to the device's own key.
		const chain = proofChain(second);
		expect(chain).toHaveLength(1);
		expect(
			await isValidChain(
				second.memberId,
				second.publicKey,
				chain,
				ownDeviceKey(second),
				verifyBytes
			)
		).toBe(true);
		// Both phones sign a profile every board accepts, each listing the tablet.
		expect(await verifyProfile(profile(first))).toBe(true);
		expect(await verifyProfile(profile(second))).toBe(true);
		expect(profileOf(second).signer).toBe(second.deviceKey);
		// Private details for this member are sealed to both devices; each opens its own copy.
		const keys = sealKeysOf({
			encryptionKey: first.encryptionKey,
			devices: first.devices!,
			rootRemovedAt: null
		});
		expect(keys).toEqual([first.encryptionKey, second.encryptionKey]);
		expect(mySealKeys(second)).toEqual(keys);
		const sender = await createIdentity(phone(), 'Ben', '', 1);
		const sealed = await sealToAll(
			sender.encryptionPrivateKey,
			sender.encryptionKey,
			keys,
			'ctx',
			'12 rue des Lilas'
		);
		for (const me of [first, second]) {
			expect(await openSet(me.encryptionPrivateKey, me.encryptionKey, sealed, 'ctx')).toBe(
				'12 rue des Lilas'
			);
		}
	});

	it('a label too long for the profile is cut, so every reader still accepts my profile', async () => {
		const a = phone();
		await createIdentity(a, 'Amélie', '', 1000);
		const linked = await linkDevice(
			a,
			await startLink(phone(), 2000),
			`  ${'T'.repeat(100)}  `,
			3000
		);
		expect(linked.devices![0]!.label).toBe('T'.repeat(60));
		expect(await verifyProfile(profile(linked))).toBe(true);
	});

	it('refuses a reply made for another device, and codes pasted on the wrong screen', async () => {
		const a = phone();
		const first = await createIdentity(a, 'Amélie', '', 1000);
		const c = phone();
		const request = await startLink(c, 2000);
		// Starting again on the same device shows the same request (the keys are kept).
		expect(await startLink(c, 2500)).toEqual(request);
		const forC = await linkDevice(a, request, 'C', 3000);
		const d = phone();
		await startLink(d, 2000);
		await expect(completeLink(d, linkResponse(forC, []))).rejects.toThrow(LinkRefused);
		await expect(linkDevice(a, request, 'C again', 4000)).rejects.toMatchObject({
			code: 'already-linked'
		});
		await expect(
			linkDevice(a, { deviceKey: first.publicKey, encryptionKey: first.encryptionKey }, 'me', 4000)
		).rejects.toMatchObject({ code: 'own-device' });
		expect(() =>
			parseLinkRequest(linkRequestUrl(ORIGIN, request).replace('#link=', '#response='))
		).toThrow(expect.objectContaining({ code: 'wrong-kind' }));
		expect(() => parseLinkRequest('bonjour')).toThrow(
			expect.objectContaining({ code: 'not-a-code' })
		);
		await expect(parseLinkResponse(`${ORIGIN}/link#response=AAAA`)).rejects.toMatchObject({
			code: 'damaged'
		});
		// A device that is already a member cannot be linked over (it would lose its identity).
		await expect(startLink(a, 1)).rejects.toMatchObject({ code: 'already-a-member' });
	});

	it('a certificate moved to another member or re-labelled no longer verifies', async () => {
		const { second } = await linkTwoPhones();
		const [cert] = second.devices!;
		const other = await createIdentity(phone(), 'Mallory', '', 1);
		const key = second.deviceKey!;
		expect(await isValidChain(other.memberId, second.publicKey, [cert!], key, verifyBytes)).toBe(
			false
		);
		const relabelled = { ...cert!, label: 'Autre' };
		expect(
			await isValidChain(second.memberId, second.publicKey, [relabelled], key, verifyBytes)
		).toBe(false);
		// A profile listing a device its chain does not vouch for is refused whole.
		expect(await verifyProfile({ ...profile(second), devices: [relabelled] })).toBe(false);
		expect(memberIdFromPublicKey(second.publicKey)).toBe(second.memberId);
	});

	it('removal: the removed device is marked and no longer sealed to; other devices learn it', async () => {
		const { a, b, first, second } = await linkTwoPhones();
		const c = phone();
		const request = await startLink(c, 2000);
		const withThird = await linkDevice(a, request, 'Téléphone', 4000);
		const third = await completeLink(c, linkResponse(withThird, []));
		const removed = await removeDevice(a, second.deviceKey!, 5000);
		expect(isRemoved(removed, second.deviceKey)).toBe(true);
		expect(mySealKeys(removed)).toEqual([first.encryptionKey, third.encryptionKey]);
		expect(await verifyProfile(profile(removed))).toBe(true);
		// The third device sees my profile in a board and learns the tablet was taken back.
		const seen = { ...profileState(removed), signer: first.publicKey };
		const learnt = await adoptProfile(c, seen);
		expect(learnt && isRemoved(learnt, second.deviceKey)).toBe(true);
		// Nothing new: nothing rewritten.
		expect(await adoptProfile(c, seen)).toBeNull();
		// The tablet itself does not spread its own removal: the relay refuses it where it applies.
		const tablet = await adoptProfile(b, seen);
		expect(tablet && isRemoved(tablet)).toBe(false);
	});

	it('trusts nothing a device I took back wrote or vouched for (a thief’s tablet)', async () => {
		const { a, b, second } = await linkTwoPhones();
		const removed = await removeDevice(a, second.deviceKey!, 5000);
		// The thief links a device of theirs from the stolen tablet, and takes back my phone.
		const x = phone();
		const thiefs = await linkDevice(b, await startLink(x, 6000), 'X', 6000);
		const fromThief = {
			...profileState(thiefs),
			rootRemovedAt: 6500,
			signer: second.deviceKey!
		};
		expect(await adoptProfile(a, fromThief)).toBeNull();
		// Relayed by an honest device that did not know yet, X is learnt as taken back: nothing is
		// sealed to it, and the mark it now carries makes the relay refuse it.
		const relayed = { ...fromThief, signer: removed.publicKey };
		const after = (await adoptProfile(a, relayed)) ?? removed;
		const xKey = thiefs.devices!.find((d) => d.label === 'X')!.deviceKey;
		expect(after.devices!.find((d) => d.deviceKey === xKey)?.removedAt).toBe(5000);
		expect(mySealKeys(after)).toEqual(mySealKeys(removed));
		// And this (first) device never learns that it was taken back.
		expect((after ?? removed).rootRemovedAt ?? null).toBeNull();
	});

	it('two devices that merge each other’s profile agree: latest name, earliest removal', async () => {
		const { a, b, second } = await linkTwoPhones();
		const c = phone();
		const lost = await linkDevice(a, await startLink(c, 2000), 'Perdu', 4000);
		await adoptProfile(b, { ...profileState(lost), signer: lost.publicKey });
		const lostKey = lost.devices!.find((d) => d.label === 'Perdu')!.deviceKey;
		// Both take the lost phone back, at different times; the tablet renames me.
		const onPhone = await removeDevice(a, lostKey, 7000);
		await removeDevice(b, lostKey, 6000);
		const renamed = await updateProfile(b, 'Amélie B.', 'vélo', 8000);
		const phoneLearns = await adoptProfile(a, {
			...profileState(renamed),
			signer: second.deviceKey!
		});
		const tabletLearns = await adoptProfile(b, {
			...profileState(onPhone),
			signer: onPhone.publicKey
		});
		expect(tabletLearns).toBeNull();
		expect(phoneLearns).not.toBeNull();
		expect(profileState(phoneLearns!)).toEqual(profileState(renamed));
		expect(phoneLearns!.name).toBe('Amélie B.');
		expect(phoneLearns!.devices!.find((d) => d.deviceKey === lostKey)!.removedAt).toBe(6000);
	});

	it('the tablet can take back a lost first phone; chains still start at its key', async () => {
		const { b, second } = await linkTwoPhones();
		const next = await removeDevice(b, second.publicKey, 7000);
		expect(next.rootRemovedAt).toBe(7000);
		expect(mySealKeys(next)).toEqual([second.encryptionKey]);
		expect(await verifyProfile(profile(next))).toBe(true);
		expect(chainTo(next.publicKey, next.devices!, next.deviceKey!)).toHaveLength(1);
		await expect(removeDevice(b, next.deviceKey!, 8000)).rejects.toMatchObject({
			code: 'own-device'
		});
	});
});
