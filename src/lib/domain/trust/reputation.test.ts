/** Reputation aggregation: hidden ratings, removed members, vouches and admin promotions. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import * as board from '../board/commands';
import * as moderation from './moderation';
import { NotAuthorError } from '../errors';
import { memberId } from '../test-helpers';
import type { Rating } from './ratings';
import { reputationBriefs, reputationOf } from './reputation';

const [admin, deputy, ana, ben, chloe, mallory] = [
	'admin',
	'deputy',
	'ana',
	'ben',
	'chloe',
	'mallory'
].map(memberId) as [string, string, string, string, string, string];

function boardDoc() {
	const { boardId, nonce } = newBoardIdentity(admin);
	const doc = new Y.Doc();
	board.createBoard(
		doc,
		admin,
		nonce,
		{ name: 'B', city: 'C', neighbourhood: '', description: '' },
		1
	);
	return { doc, boardId };
}

const rating = (
	raterId: string,
	rateeId: string,
	stars: number,
	comment = '',
	at = 10
): Rating => ({
	key: `${raterId}:r${stars}${at}`,
	raterId,
	rateeId,
	subject: `${raterId}:s`,
	kind: 'engagement',
	stars,
	comment,
	privateNote: null,
	createdAt: at,
	updatedAt: at,
	signature: '',
	signer: null
});

describe('reputation', () => {
	it('averages, counts and distributes the ratings about a member', () => {
		const { doc, boardId } = boardDoc();
		const ratings = [
			rating(ben, ana, 5, 'super'),
			rating(chloe, ana, 3, '', 11),
			rating(ana, ben, 1)
		];
		const rep = reputationOf(ana, ratings, moderation.readModeration(doc, boardId));
		expect(rep).toMatchObject({ count: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
		expect(rep.latest.map((r) => r.comment)).toEqual(['super']);
		expect(
			reputationOf(chloe, ratings, moderation.readModeration(doc, boardId)).average
		).toBeNull();
	});

	it('leaves out ratings an admin hid, and ratings by removed members', () => {
		const { doc, boardId } = boardDoc();
		const hidden = rating(ben, ana, 1, 'injuste');
		const byRemoved = rating(mallory, ana, 1, 'spam', 12);
		const kept = rating(chloe, ana, 4, 'bien', 11);
		moderation.setHidden(
			doc,
			boardId,
			admin,
			{ collection: 'ratings', key: hidden.key },
			true,
			'insultant',
			20
		);
		moderation.removeMember(doc, boardId, admin, mallory, 'spam', 21);
		const mod = moderation.readModeration(doc, boardId);
		const rep = reputationOf(ana, [hidden, byRemoved, kept], mod);
		expect(rep).toMatchObject({ count: 1, average: 4 });
		expect(moderation.hiddenMark(mod, 'ratings', hidden.key)).toMatchObject({
			by: admin,
			reason: 'insultant'
		});
		// Another admin can show it again: the latest mark decides.
		moderation.promoteAdmin(doc, boardId, admin, deputy, 22);
		moderation.setHidden(
			doc,
			boardId,
			deputy,
			{ collection: 'ratings', key: hidden.key },
			false,
			'',
			25
		);
		expect(reputationOf(ana, [hidden, kept], moderation.readModeration(doc, boardId)).count).toBe(
			2
		);
		moderation.setHidden(
			doc,
			boardId,
			admin,
			{ collection: 'ratings', key: hidden.key },
			true,
			'non',
			26
		);
		// Shown again once the admin takes the mark back.
		moderation.setHidden(
			doc,
			boardId,
			admin,
			{ collection: 'ratings', key: hidden.key },
			false,
			'',
			30
		);
		expect(reputationOf(ana, [hidden, kept], moderation.readModeration(doc, boardId)).count).toBe(
			2
		);
	});

	it('shows who vouched, only admins can vouch, and a removed member loses the badge', () => {
		const { doc, boardId } = boardDoc();
		moderation.setVouch(doc, boardId, admin, ana, true, 5);
		expect(() => moderation.setVouch(doc, boardId, ben, chloe, true, 5)).toThrow(NotAuthorError);
		// A forged vouch written by a non-admin straight into the doc.
		doc.getMap('moderation').set(`${ben}:vforged`, {
			schemaVersion: 1,
			action: 'vouch',
			memberId: chloe,
			active: true,
			at: 6
		});
		let mod = moderation.readModeration(doc, boardId);
		expect(reputationOf(ana, [], mod).vouchedBy).toEqual([{ by: admin, at: 5 }]);
		expect(reputationOf(chloe, [], mod).vouchedBy).toEqual([]);
		moderation.removeMember(doc, boardId, admin, ana, '', 7);
		mod = moderation.readModeration(doc, boardId);
		expect(reputationOf(ana, [], mod).vouchedBy).toEqual([]);
	});
});

describe('admins', () => {
	it('promoted admins can promote, vouch and remove; a non-admin promotion counts for nothing', () => {
		const { doc, boardId } = boardDoc();
		doc.getMap('moderation').set(`${mallory}:pself`, {
			schemaVersion: 1,
			action: 'promote-admin',
			memberId: mallory,
			at: 2
		});
		moderation.promoteAdmin(doc, boardId, admin, deputy, 3);
		moderation.promoteAdmin(doc, boardId, deputy, ana, 4);
		moderation.removeMember(doc, boardId, ana, ben, 'spam', 5);
		const mod = moderation.readModeration(doc, boardId);
		expect([...mod.admins].sort()).toEqual([admin, deputy, ana].sort());
		expect([...mod.removed]).toEqual([ben]);
		// Admins cannot be removed, even by another admin.
		moderation.removeMember(doc, boardId, deputy, ana, '', 6);
		expect(moderation.readRemovedMembers(doc, boardId).has(ana)).toBe(false);
	});
});

describe('reputation briefs (one map for every card)', () => {
	it('say what reputationOf says, for every member, from one pass', () => {
		const { doc, boardId } = boardDoc();
		const hidden = rating(ben, ana, 1, 'injuste');
		const ratings = [
			rating(ben, ana, 5),
			rating(chloe, ana, 4, '', 11),
			hidden,
			rating(mallory, ben, 1, '', 12),
			rating(ana, ben, 2, '', 13)
		];
		moderation.setHidden(
			doc,
			boardId,
			admin,
			{ collection: 'ratings', key: hidden.key },
			true,
			'x',
			20
		);
		moderation.removeMember(doc, boardId, admin, mallory, 'spam', 21);
		moderation.setVouch(doc, boardId, admin, chloe, true, 22);
		const mod = moderation.readModeration(doc, boardId);
		const brief = reputationBriefs(ratings, mod);
		for (const id of [ana, ben, chloe, mallory]) {
			const { count, average, vouchedBy } = reputationOf(id, ratings, mod);
			expect(brief(id)).toEqual({ count, average, vouchedBy });
		}
	});
});
