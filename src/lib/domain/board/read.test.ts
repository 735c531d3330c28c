import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from './commands';
import { newBoardIdentity } from './board-id';
import { readBoard } from './read';
import type { InvalidRecord } from './types';
import { memberId } from '../test-helpers';

const info = { name: 'Lilas', city: 'Luxembourg', neighbourhood: 'Bonnevoie', description: '' };

describe('board record', () => {
	it('names the real creator and ignores forged board records', () => {
		const creator = memberId('creator');
		const intruder = memberId('intruder');
		const { boardId, nonce } = newBoardIdentity(creator);
		const doc = new Y.Doc();
		board.createBoard(doc, creator, nonce, info, 100);
		// A neighbour copies the nonce into a board record of their own to claim admin rights.
		board.createBoard(doc, intruder, nonce, { ...info, name: 'Pirate' }, 50);
		const invalid: InvalidRecord[] = [];
		expect(readBoard(doc, boardId, invalid)).toMatchObject({ creatorId: creator, name: 'Lilas' });
		expect(invalid).toEqual([
			{ collection: 'board', key: `${intruder}:board`, reason: 'not the creator of this board' }
		]);
	});

	it('refuses a board without a name or city', () => {
		expect(() =>
			board.createBoard(new Y.Doc(), memberId('x'), 'n', { ...info, name: ' ', city: '' }, 1)
		).toThrow(/name=required, city=required/);
	});
});
