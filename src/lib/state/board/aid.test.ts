/**
 * Mutual aid through BoardSession: offline phones, contact details sealed to the accepted
 * neighbour only, signed ratings both ways, and an admin hiding a rating on every phone.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleError, ValidationError } from '$lib/domain/errors';
import type { PostInput } from '$lib/domain/help/types';
import { randomId, recordKey } from '$lib/domain/ids';
import * as ratings from '$lib/domain/trust/ratings';
import type { StoredIdentity } from '$lib/persistence/db';
import { boardOf, closePhones, meet, phone, until, type Phone } from './test-phones';

afterEach(closePhones);

const OFFER: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: 'Aide informatique',
	description: 'Imprimantes, antivirus, sauvegardes.',
	availability: 'le soir',
	area: ''
};
const CONTACT = { phone: '06 12 34 56 78', address: '3 rue des Lilas' };

describe('mutual aid between phones', () => {
	it('contact only for the accepted neighbour; both rate; a hidden rating leaves both profiles', async () => {
		const ana = await phone(null, 'Ana'); // creator, so admin
		const ben = await phone(boardOf(ana), 'Ben');
		const chloe = await phone(boardOf(ana), 'Chloe');
		const post = ana.session.posts.create(OFFER);
		await expect(
			ana.session.aid.setPostContact(post, { phone: 'le soir', address: '' })
		).rejects.toThrow(ValidationError);
		await ana.session.aid.setPostContact(post, CONTACT);
		meet(ana, ben, chloe);
		await until(() => ben.session.members.all.has(ana.memberId), 'Ana’s profile verified on Ben');
		await until(() => ana.session.members.all.has(ben.memberId), 'Ben’s profile verified on Ana');

		const engagement = ben.session.aid.propose(post, 'Mon imprimante ne marche plus', 'samedi');
		expect(await ben.session.aid.openContact(engagement)).toBeNull();
		meet(ana, ben, chloe);
		await until(() => ana.session.aid.snapshot.engagements.has(engagement), 'proposal on Ana');

		// Ana accepts offline; the contact is sealed to Ben.
		await ana.session.aid.respond(engagement, true);
		expect(await ana.session.aid.openContact(engagement)).toEqual(CONTACT);
		expect(JSON.stringify(ana.doc.toJSON())).not.toContain('06 12 34');
		meet(ana, ben, chloe);
		await until(
			() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'accepted',
			'accepted on Ben'
		);
		expect(await ben.session.aid.openContact(engagement)).toEqual(CONTACT);
		expect(await chloe.session.aid.openContact(engagement)).toBeNull();

		ana.session.aid.markDone(engagement);
		ben.session.aid.markDone(engagement);
		meet(ana, ben, chloe);
		await until(
			() => ana.session.aid.snapshot.engagements.get(engagement)?.status === 'done',
			'done on Ana'
		);
		await until(
			() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'done',
			'done on Ben'
		);
		await ben.session.trust.rate(
			'engagement',
			engagement,
			{ stars: 5, comment: 'Très patiente' },
			'Arrivée en avance'
		);
		await until(() => ben.session.trust.myRating(engagement) !== null, 'Ben’s rating checked');
		// Ben reads his own note back (to edit it); Ana, the admin, reads it too; it is not in clear.
		expect(await ben.session.trust.myRatingNote(engagement)).toBe('Arrivée en avance');
		expect(await ana.session.trust.myRatingNote(engagement)).toBeNull();
		expect(JSON.stringify(ben.doc.toJSON())).not.toContain('en avance');
		await ana.session.trust.rate(
			'engagement',
			engagement,
			{ stars: 4, comment: 'Café offert' },
			''
		);
		// Chloe took no part: refused.
		await expect(
			chloe.session.trust.rate('engagement', engagement, { stars: 1, comment: '' }, '')
		).rejects.toThrow();
		meet(ana, ben, chloe);
		for (const p of [ana, ben, chloe]) {
			await until(() => p.session.trust.reputation(ana.memberId).count === 1, 'Ana rated');
			await until(() => p.session.trust.reputation(ben.memberId).count === 1, 'Ben rated');
		}
		expect(chloe.session.trust.reputation(ana.memberId)).toMatchObject({ average: 5 });
		const onAna = ana.session.trust.ratings.find((r) => r.raterId === ben.memberId);
		expect(await ana.session.trust.openRatingNote(onAna!)).toBe('Arrivée en avance');
		expect(ana.session.trust.reputation(ben.memberId).latest[0]?.comment).toBe('Café offert');

		// Ana, admin, hides Ben's rating of her: gone from every reputation, still Ben's own.
		const bensRating = ben.session.trust.myRating(engagement);
		expect(bensRating).not.toBeNull();
		ana.session.moderation.setHidden(
			{ collection: 'ratings', key: bensRating!.key },
			true,
			'Hors sujet'
		);
		meet(ana, ben, chloe);
		for (const p of [ana, ben, chloe]) {
			await until(() => p.session.trust.reputation(ana.memberId).count === 0, 'hidden everywhere');
		}
		expect(ben.session.moderation.hiddenMark('ratings', bensRating!.key)?.reason).toBe(
			'Hors sujet'
		);
		expect(ben.session.trust.myRating(engagement)).not.toBeNull();
	});

	it('a member I block disappears from my posts and cannot ask for my help', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(OFFER);
		ben.session.posts.create({ ...OFFER, title: 'Tondeuse à prêter', category: 'gardening' });
		meet(ana, ben);
		await until(() => ana.session.posts.list.length === 2, 'both posts on Ana');
		ana.session.moderation.setBlocked(ben.memberId, true);
		await until(() => ana.session.posts.list.length === 1, 'Ben’s post gone for Ana');
		meet(ana, ben);
		await until(() => ben.session.moderation.blocks.get(ana.memberId)?.has(ben.memberId) === true);
		expect(() => ben.session.aid.propose(post, 'Bonjour', '')).toThrow(RuleError);
	});

	it('reports reach the admins only, sealed, and never the admin they are about', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const cleo = await phone(boardOf(ana), 'Cléo');
		meet(ana, ben);
		meet(cleo, ben);
		await until(() => ben.session.members.all.has(ana.memberId), 'Ana’s key known to Ben');
		await until(() => ben.session.members.all.has(cleo.memberId), 'Cléo known to Ben');
		await until(() => ben.session.moderation.marks.admins.has(ana.memberId), 'admin known');
		await ben.session.trust.report('member', cleo.memberId, 'Propos déplacés');
		meet(ana, ben);
		await until(() => ana.doc.getMap('reports').size === 1, 'report on Ana');
		const inbox = await ana.session.trust.reportsForMe();
		expect(inbox.map((r) => r.reason)).toEqual(['Propos déplacés']);
		expect(await ben.session.trust.reportsForMe()).toEqual([]);
		expect(JSON.stringify(ben.doc.toJSON())).not.toContain('déplacés');
		// About Ana, the only admin: kept, but sealed to nobody, and Ben's form says so first.
		expect(ben.session.trust.reportReachesNoAdmin('member', ana.memberId)).toBe(true);
		expect(ben.session.trust.reportReachesNoAdmin('member', cleo.memberId)).toBe(false);
		await ben.session.trust.report('member', ana.memberId, 'Abus de pouvoir');
		meet(ana, ben);
		await until(() => ana.doc.getMap('reports').size === 2, 'second report on Ana');
		expect((await ana.session.trust.reportsForMe()).map((r) => r.reason)).toEqual([
			'Propos déplacés'
		]);
		expect(JSON.stringify(ana.doc.toJSON())).not.toContain('Abus');
	});
});

describe('hidden posts', () => {
	it('disappear for everyone but their author, who sees the reason', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ben.session.posts.create({ ...OFFER, title: 'Vente de cigarettes' });
		meet(ana, ben);
		await until(() => ana.session.posts.list.some((p) => p.key === post), 'post on Ana');
		await until(() => ana.session.moderation.isAdmin, 'Ana is admin');
		ana.session.moderation.setHidden({ collection: 'posts', key: post }, true, 'Hors charte');
		await until(() => !ana.session.posts.list.some((p) => p.key === post), 'hidden on Ana');
		expect(ana.session.posts.hidden.map((p) => p.title)).toEqual(['Vente de cigarettes']);
		meet(ana, ben);
		await until(() => ben.session.moderation.hiddenMark('posts', post)?.reason === 'Hors charte');
		expect(ben.session.posts.list.some((p) => p.key === post)).toBe(true);
		expect(ben.session.posts.hidden).toEqual([]);
		ana.session.moderation.setHidden({ collection: 'posts', key: post }, false, '');
		await until(() => ana.session.posts.list.some((p) => p.key === post), 'shown again on Ana');
		expect(ana.session.posts.hidden).toEqual([]);
	});
});

describe('contact details after acceptance', () => {
	it('follow the author’s changes, and reach a neighbour whose key was unknown at acceptance', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(OFFER);
		await ana.session.aid.setPostContact(post, CONTACT);
		meet(ana, ben);
		await until(
			() => ana.session.members.all.has(ben.memberId) && ben.session.members.all.has(ana.memberId)
		);
		const engagement = ben.session.aid.propose(post, '', '');
		meet(ana, ben);
		await until(() => ana.session.aid.snapshot.engagements.has(engagement));
		await ana.session.aid.respond(engagement, true);
		meet(ana, ben);
		await until(() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'accepted');
		expect(await ben.session.aid.openContact(engagement)).toEqual(CONTACT);

		const moved = { phone: '07 98 76 54 32', address: '5 place du Marché' };
		await ana.session.aid.setPostContact(post, moved);
		meet(ana, ben);
		await until(
			async () => (await ben.session.aid.openContact(engagement))?.phone === moved.phone,
			'new number on Ben'
		);

		// As if Ana had accepted before Ben's key reached her phone: the answer carries nothing.
		const responses = ana.doc.getMap('responses');
		const [responseKey] = [...responses.keys()];
		responses.set(responseKey!, { ...(responses.get(responseKey!) as object), contact: null });
		await until(
			() => (responses.get(responseKey!) as { contact: unknown }).contact !== null,
			'Ana’s phone seals it again'
		);
		meet(ana, ben);
		await until(async () => (await ben.session.aid.openContact(engagement)) !== null, 'on Ben');
	});
});

/** Ben asked for Chloe's help; both marked it done (Ana, the board's creator, is the admin). */
async function doneBetween(ana: Phone, ben: Phone, chloe: Phone): Promise<string> {
	const post = chloe.session.posts.create(OFFER);
	meet(ana, ben, chloe);
	for (const p of [ana, ben, chloe]) {
		await until(() => p.session.members.all.size === 3, 'profiles verified');
	}
	const engagement = ben.session.aid.propose(post, '', '');
	meet(ana, ben, chloe);
	await until(() => chloe.session.aid.snapshot.engagements.has(engagement));
	await chloe.session.aid.respond(engagement, true);
	chloe.session.aid.markDone(engagement);
	meet(ana, ben, chloe);
	await until(() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'done');
	return engagement;
}

const identityOf = (p: Phone): StoredIdentity => p.identity;

describe('texts sealed to the admins', () => {
	it('a report’s reason copied into another member’s report does not open there', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const chloe = await phone(boardOf(ana), 'Chloe');
		meet(ana, ben, chloe);
		await until(() => ben.session.moderation.marks.admins.has(ana.memberId));
		await until(() => ben.session.members.all.has(ana.memberId), 'Ana’s key known to Ben');
		const bens = await ben.session.trust.report('member', chloe.memberId, 'Elle m’a menacé');
		meet(ana, ben, chloe);
		// Chloe copies Ben's sealed reason into a report of her own, about the same member.
		const reports = chloe.doc.getMap('reports');
		const copy = recordKey(chloe.memberId, randomId());
		reports.set(copy, { ...(reports.get(bens) as object) });
		meet(ana, ben, chloe);
		await until(() => ana.doc.getMap('reports').size === 2, 'both reports on Ana');
		const inbox = await ana.session.trust.reportsForMe();
		expect(inbox.find((r) => r.key === bens)?.reason).toBe('Elle m’a menacé');
		expect(inbox.find((r) => r.key === copy)?.reason).toBeNull();
	});

	it('a rating’s private note copied by the ratee into their own rating does not open there', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const chloe = await phone(boardOf(ana), 'Chloe');
		const engagement = await doneBetween(ana, ben, chloe);
		await ben.session.trust.rate('engagement', engagement, { stars: 2, comment: '' }, 'Impolie');
		meet(ana, ben, chloe);
		await until(() => chloe.session.trust.reputation(chloe.memberId).count === 1, 'on Chloe');
		const bens = chloe.session.trust.ratings.find((r) => r.raterId === ben.memberId)!;
		// Chloe signs a rating of Ben carrying Ben's note, as if it were hers.
		const service = ratings.serviceOf(
			'engagement',
			engagement,
			chloe.session.aid.snapshot.engagements,
			{ bookings: new Map(), slots: new Map() },
			Date.now()
		);
		const { key, fields } = ratings.prepareRating(
			chloe.doc,
			chloe.memberId,
			'engagement',
			engagement,
			service,
			{ stars: 5, comment: '' },
			bens.privateNote,
			Date.now()
		);
		const signature = await ratings.signRating(
			identityOf(chloe).privateKey,
			chloe.session.id,
			key,
			fields
		);
		ratings.writeRating(chloe.doc, key, fields, signature);
		meet(ana, ben, chloe);
		await until(() => ana.session.trust.reputation(ben.memberId).count === 1, 'Chloe’s on Ana');
		const onAna = (rater: Phone) =>
			ana.session.trust.ratings.find((r) => r.raterId === rater.memberId)!;
		expect(await ana.session.trust.openRatingNote(onAna(ben))).toBe('Impolie');
		expect(await ana.session.trust.openRatingNote(onAna(chloe))).toBeNull();
	});

	it('are refused while no admin’s key is on this device, instead of reaching nobody', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const chloe = await phone(boardOf(ana), 'Chloe');
		const engagement = await doneBetween(ana, ben, chloe);
		// Ana's profile (and her encryption key) is not on Ben's phone.
		const members = ben.doc.getMap('members');
		members.delete([...members.keys()].find((k) => k.startsWith(`${ana.memberId}:`))!);
		await until(() => !ben.session.members.all.has(ana.memberId));
		const refused = new RuleError('noAdminKey');
		await expect(
			ben.session.trust.report('member', chloe.memberId, 'Menaces')
		).rejects.toMatchObject(refused);
		expect(ben.doc.getMap('reports').size).toBe(0);
		const rate = (note: string) =>
			ben.session.trust.rate('engagement', engagement, { stars: 4, comment: '' }, note);
		await expect(rate('Un peu en retard')).rejects.toMatchObject(refused);
		expect(ben.doc.getMap('ratings').size).toBe(0);
		// Without a private note, nothing needs an admin: the rating is saved.
		await rate('');
		expect(ben.doc.getMap('ratings').size).toBe(1);
	});
});
