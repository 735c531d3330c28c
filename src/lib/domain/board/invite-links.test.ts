import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from './board-id';
import * as board from './commands';
import {
	createInviteLink,
	linkStanding,
	readInviteLinks,
	revokeInviteLink,
	type InviteLinkInput
} from './invite-links';
import { NotAuthorError, ValidationError } from '../errors';
import { randomId } from '../ids';
import { memberId } from '../test-helpers';
import { promoteAdmin } from '../trust/moderation';

const admin = memberId('admin');
const other = memberId('other');
const mallory = memberId('mallory');
const hashOf = (n: number) => n.toString(16).padStart(64, '0');

function boardDoc() {
	const { boardId, nonce } = newBoardIdentity(admin);
	const doc = new Y.Doc();
	const fields = { name: 'Rue des Lilas', city: 'Lyon', neighbourhood: '', description: '' };
	board.createBoard(doc, admin, nonce, fields, 1);
	return { doc, boardId };
}

function link(hash: string, over: Partial<InviteLinkInput> = {}) {
	return {
		linkId: randomId(),
		tokenHash: hash,
		name: 'Affiche',
		expiresAt: null,
		maxUses: null,
		...over
	};
}

describe('invite links', () => {
	it('lists an admin’s links, never a secret, and ignores a non-admin’s records', () => {
		const { doc, boardId } = boardDoc();
		createInviteLink(doc, boardId, admin, link(hashOf(1)), 10);
		expect(() => createInviteLink(doc, boardId, mallory, link(hashOf(2)), 11)).toThrow(
			NotAuthorError
		);
		doc.getMap('moderation').set(`${mallory}:i${randomId()}`, {
			schemaVersion: 1,
			action: 'invite-link',
			...link(hashOf(2)),
			revokedAt: null,
			at: 11
		});
		const state = readInviteLinks(doc, boardId);
		expect(state.links.map((l) => [l.tokenHash, l.by, l.name])).toEqual([
			[hashOf(1), admin, 'Affiche']
		]);
		expect(linkStanding(state, hashOf(1), 0, 20)).toBe('live');
		expect(linkStanding(state, hashOf(2), 0, 20)).toBe('unknown');
	});

	it('a link made by an admin who is no longer one counts no more', () => {
		const { doc, boardId } = boardDoc();
		promoteAdmin(doc, boardId, admin, other, 2);
		createInviteLink(doc, boardId, other, link(hashOf(3)), 10);
		expect(linkStanding(readInviteLinks(doc, boardId), hashOf(3), 0, 20)).toBe('live');
		expect(linkStanding(readInviteLinks(doc, boardId, new Set([admin])), hashOf(3), 0, 20)).toBe(
			'unknown'
		);
	});

	it('expires at its expiry, and is used up at its count', () => {
		const { doc, boardId } = boardDoc();
		createInviteLink(doc, boardId, admin, link(hashOf(4), { expiresAt: 100 }), 10);
		createInviteLink(doc, boardId, admin, link(hashOf(5), { maxUses: 2 }), 10);
		const state = readInviteLinks(doc, boardId);
		expect(linkStanding(state, hashOf(4), 0, 99)).toBe('live');
		expect(linkStanding(state, hashOf(4), 0, 100)).toBe('expired');
		expect(linkStanding(state, hashOf(5), 1, 50)).toBe('live');
		expect(linkStanding(state, hashOf(5), 2, 50)).toBe('used-up');
	});

	it('any admin revokes any link, and the board’s first link with a mark; a non-admin’s mark is ignored', () => {
		const { doc, boardId } = boardDoc();
		promoteAdmin(doc, boardId, admin, other, 2);
		createInviteLink(doc, boardId, admin, link(hashOf(6)), 10);
		createInviteLink(doc, boardId, admin, link(hashOf(7)), 10);
		revokeInviteLink(doc, boardId, admin, hashOf(6), 20);
		revokeInviteLink(doc, boardId, other, hashOf(7), 21);
		revokeInviteLink(doc, boardId, admin, hashOf(8), 22); // the first link: no record
		doc.getMap('moderation').set(`${mallory}:r1`, {
			schemaVersion: 1,
			action: 'invite-revoke',
			tokenHash: hashOf(9),
			at: 23
		});
		const state = readInviteLinks(doc, boardId);
		expect(state.links.map((l) => l.revokedAt).sort()).toEqual([20, 21]);
		expect(linkStanding(state, hashOf(6), 0, 30)).toBe('revoked');
		expect(linkStanding(state, hashOf(7), 0, 30)).toBe('revoked');
		expect(state.revoked.get(hashOf(8))).toBe(22);
		expect(state.revoked.has(hashOf(9))).toBe(false);
	});

	it('refuses a link without a name, with a past expiry or a use count below one', () => {
		const { doc, boardId } = boardDoc();
		for (const bad of [{ name: ' ' }, { expiresAt: 5 }, { maxUses: 0 }, { maxUses: 1.5 }]) {
			expect(() => createInviteLink(doc, boardId, admin, link(hashOf(10), bad), 10)).toThrow(
				ValidationError
			);
		}
		expect(() => createInviteLink(doc, boardId, admin, link('secret'), 10)).toThrow(
			ValidationError
		);
	});
});
