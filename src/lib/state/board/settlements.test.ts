/**
 * "Réglé" between phones: only the helper of an engagement may mark it, the other side sees it,
 * and the terms agreed at acceptance stay when the post's price changes afterwards.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { NotAuthorError } from '$lib/domain/errors';
import type { PostInput } from '$lib/domain/help/types';
import { boardOf, closePhones, meet, phone, until } from './test-phones';

afterEach(closePhones);

const REQUEST: PostInput = {
	kind: 'request',
	category: 'diy',
	title: 'Monter une étagère',
	description: '',
	availability: '',
	area: '',
	price: { kind: 'fixed', euros: '20' }
};

describe('settled between phones', () => {
	it('the helper of a request marks it paid; the author sees it and cannot mark it', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(REQUEST);
		meet(ana, ben);
		await until(() => !!ben.session.posts.byKey(post), 'post on Ben');
		// On a request, the neighbour who answers is the helper: Ben is paid.
		const engagement = ben.session.aid.propose(post, 'Je peux passer samedi', '');
		meet(ana, ben);
		await until(() => ana.session.aid.snapshot.engagements.has(engagement), 'proposal on Ana');
		await ana.session.aid.respond(engagement, true);
		ana.session.posts.edit(post, { ...REQUEST, price: { kind: 'fixed', euros: '35' } });
		meet(ana, ben);
		await until(
			() => ben.session.aid.snapshot.engagements.get(engagement)?.status === 'accepted',
			'acceptance on Ben'
		);
		expect(ben.session.aid.snapshot.engagements.get(engagement)?.response?.agreed).toEqual({
			kind: 'fixed',
			cents: 2000
		});

		expect(ana.session.settlements.isMine(engagement)).toBe(false);
		expect(() => ana.session.settlements.set(engagement, true, 'cash')).toThrow(NotAuthorError);
		expect(ben.session.settlements.isMine(engagement)).toBe(true);
		ben.session.settlements.set(engagement, true, 'transfer');
		meet(ana, ben);
		await until(() => ana.session.settlements.settled.has(engagement), 'settled on Ana');
		expect(ana.session.settlements.settled.get(engagement)).toMatchObject({
			by: ben.memberId,
			method: 'transfer'
		});
	});
});
