import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import * as board from '../board/commands';
import { readRemovedMembers, removeMember } from './moderation';
import { NotAuthorError } from '../errors';
import { memberId } from '../test-helpers';

const admin = memberId('admin');
const bob = memberId('bob');
const mallory = memberId('mallory');

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

describe('member removal', () => {
	it('counts only removals written by the board’s admin, never of the admin', () => {
		const { doc, boardId } = boardDoc();
		removeMember(doc, boardId, admin, bob, 'spam', 2);
		// Forged marks: written by a non-admin, or removing the admin.
		doc
			.getMap('moderation')
			.set(`${mallory}:x`, { schemaVersion: 1, action: 'remove-member', memberId: admin, at: 3 });
		doc
			.getMap('moderation')
			.set(`${admin}:y`, { schemaVersion: 1, action: 'remove-member', memberId: admin, at: 3 });
		doc
			.getMap('moderation')
			.set(`${admin}:z`, { schemaVersion: 1, action: 'something-else', memberId: mallory, at: 3 });
		expect([...readRemovedMembers(doc, boardId)]).toEqual([bob]);
	});

	it('refuses the command to a non-admin', () => {
		const { doc, boardId } = boardDoc();
		expect(() => removeMember(doc, boardId, mallory, bob, '', 2)).toThrow(NotAuthorError);
		expect(readRemovedMembers(doc, boardId).size).toBe(0);
	});
});
