/**
 * A board id is a hash of its creator's member id and a random nonce. The board record carries
 * the nonce, so every replica can check who really created the board — and therefore who its
 * first admin is — without trusting anyone's claim: a neighbour cannot forge a second "board"
 * record under their own id that hashes to the same board id.
 */
import { hashId, randomId } from '../ids';

export function boardIdFor(creatorId: string, nonce: string): string {
	return hashId(`quartier/board/v1\n${creatorId}\n${nonce}`);
}

export function newBoardIdentity(creatorId: string): { boardId: string; nonce: string } {
	const nonce = randomId();
	return { boardId: boardIdFor(creatorId, nonce), nonce };
}
