import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import { createBoard } from '../board/commands';
import { NotAuthorError } from '../errors';
import { memberId } from '../test-helpers';
import { readAdmissions, recordAdmission } from './admissions';
import { joinRequestId } from './request';

const admin = memberId('admin');
const mallory = memberId('mallory');
const newcomer = memberId('newcomer');

function boardDoc() {
	const { boardId, nonce } = newBoardIdentity(admin);
	const doc = new Y.Doc();
	const input = { name: 'B', city: 'Lyon', neighbourhood: '', description: '' };
	createBoard(doc, admin, nonce, input, 1);
	return { doc, boardId };
}

describe('who let whom in', () => {
	it('records the accepting admin and the request on the new member', () => {
		const { doc, boardId } = boardDoc();
		const requestId = joinRequestId(boardId, newcomer);
		recordAdmission(doc, boardId, admin, newcomer, requestId, 50);
		expect(readAdmissions(doc, boardId).get(newcomer)).toEqual({ by: admin, requestId, at: 50 });
	});

	it('ignores admissions written by someone who is not an admin', () => {
		const { doc, boardId } = boardDoc();
		expect(() =>
			recordAdmission(doc, boardId, mallory, newcomer, joinRequestId(boardId, newcomer), 5)
		).toThrow(NotAuthorError);
		doc.getMap('moderation').set(`${mallory}:a${newcomer}`, {
			schemaVersion: 1,
			action: 'admit',
			memberId: newcomer,
			requestId: joinRequestId(boardId, newcomer),
			at: 5
		});
		expect(readAdmissions(doc, boardId).size).toBe(0);
	});
});
