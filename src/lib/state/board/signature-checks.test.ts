/**
 * Signature caches reuse a check only for the exact bytes it covered: a record rewritten with
 * other signed fields under its old signature (what a hostile relay could send) is checked again
 * and refused, on the very session that accepted the original.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostInput } from '$lib/domain/help/types';
import { boardOf, closePhones, meet, phone, until, type Phone } from './test-phones';

afterEach(closePhones);

const OFFER: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: 'Aide informatique',
	description: '',
	availability: '',
	area: ''
};

const badSignature = (p: Phone, collection: string, key: string) =>
	p.session.invalid.some(
		(r) => r.collection === collection && r.key === key && r.reason === 'bad signature'
	);

describe('signature caches', () => {
	it('refuse a profile rewritten with another encryption key under its old signature', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const mallory = await phone(boardOf(ana), 'Mallory');
		meet(ana, ben, mallory);
		await until(() => ben.session.members.all.has(ana.memberId), 'Ana’s profile verified on Ben');
		await until(() => ben.session.members.all.has(mallory.memberId), 'Mallory verified on Ben');
		const anasKey = ben.session.members.all.get(ana.memberId)!.encryptionKey;
		const swapped = ben.session.members.all.get(mallory.memberId)!.encryptionKey;
		expect(anasKey).toBeTruthy();
		expect(swapped).not.toBe(anasKey);

		// The relay hands Ben Ana's record with Mallory's encryption key and Ana's old signature.
		const members = ben.doc.getMap('members');
		const [recordKey] = [...members.keys()].filter((k) => k.startsWith(`${ana.memberId}:`));
		members.set(recordKey!, {
			...(members.get(recordKey!) as object),
			encryptionKey: swapped
		});
		await until(() => badSignature(ben, 'members', ana.memberId), 'refused');
		expect(ben.session.members.all.has(ana.memberId)).toBe(false);
	});

	it('refuse a rating rewritten with other stars under its old signature', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(OFFER);
		meet(ana, ben);
		await until(
			() => ben.session.members.all.has(ana.memberId) && ana.session.members.all.has(ben.memberId)
		);
		const engagement = ben.session.aid.propose(post, '', '');
		meet(ana, ben);
		await until(() => ana.session.aid.snapshot.engagements.has(engagement));
		await ana.session.aid.respond(engagement, true);
		ana.session.aid.markDone(engagement);
		meet(ana, ben);
		await until(() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'done');
		await ben.session.trust.rate('engagement', engagement, { stars: 1, comment: 'Absente' }, '');
		meet(ana, ben);
		await until(() => ana.session.trust.reputation(ana.memberId).count === 1, 'rating checked');

		const ratings = ana.doc.getMap('ratings');
		const [key] = [...ratings.keys()];
		ratings.set(key!, { ...(ratings.get(key!) as object), stars: 5, comment: 'Parfaite' });
		await until(() => badSignature(ana, 'ratings', key!), 'refused');
		expect(ana.session.trust.reputation(ana.memberId).count).toBe(0);
	});
});
