/**
 * A post's page as a neighbour sees it, rendered on the server (svelte/server) from real board
 * sessions: when the author blocks me, no proposal form that could only be refused.
 */
import 'fake-indexeddb/auto';
import { render } from 'svelte/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PostInput } from '$lib/domain/help/types';
import type { BoardSession } from '$lib/state/board/session.svelte';
import { boardOf, closePhones, meet, phone, until } from '$lib/state/board/test-phones';
import Page from './+page.svelte';

const viewer = vi.hoisted(() => ({
	session: null as BoardSession | null,
	memberId: '',
	params: { id: '', key: '' }
}));

vi.mock('$app/state', () => ({ page: { params: viewer.params } }));
vi.mock('$lib/state/app.svelte', () => ({
	getApp: () => ({ identity: { memberId: viewer.memberId } })
}));
// The page is rendered without its board layout, which would hand it the session.
vi.mock('$lib/state/board-context', () => ({
	getBoardSession: () => viewer.session
}));

afterEach(closePhones);

const OFFER: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: 'Aide informatique',
	description: '',
	availability: '',
	area: ''
};

describe('post page', () => {
	it('tells a neighbour the author blocks that their requests are not received, with no form', async () => {
		const ana = await phone(null, 'Ana');
		const ben = await phone(boardOf(ana), 'Ben');
		const post = ana.session.posts.create(OFFER);
		meet(ana, ben);
		await until(() => ben.session.posts.list.some((p) => p.key === post), 'post on Ben');
		Object.assign(viewer, { session: ben.session, memberId: ben.memberId });
		Object.assign(viewer.params, { id: ben.session.id, key: post });
		const before = render(Page).body;
		expect(before).toContain('Demander cette aide');
		expect(before).not.toContain('ne reçoit pas vos demandes');

		ana.session.moderation.setBlocked(ben.memberId, true);
		meet(ana, ben);
		await until(
			() => ben.session.moderation.blocks.get(ana.memberId)?.has(ben.memberId) === true,
			'the block reaches Ben'
		);
		const blocked = render(Page).body;
		expect(blocked).toContain('Vous ne pouvez pas répondre à cette annonce.');
		expect(blocked).not.toContain('<form');
		expect(blocked).not.toContain('Demander cette aide');
	});
});
