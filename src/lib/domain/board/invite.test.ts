import { describe, expect, it } from 'vitest';
import { inviteUrl, newBoardSecret, parseInviteFragment } from './invite';
import { randomId } from '../ids';

describe('invite links', () => {
	it('round-trips board id and secret through the fragment only', () => {
		const invite = { boardId: randomId(), secret: newBoardSecret() };
		const url = new URL(inviteUrl('https://quartier.example', invite));
		expect(url.search).toBe('');
		expect(url.pathname).toBe('/join');
		expect(parseInviteFragment(url.hash)).toEqual(invite);
	});

	it.each([
		'',
		'#',
		'#board=short&key=abc',
		`#board=${'a'.repeat(22)}`,
		`#board=${'a'.repeat(22)}&key=${'$'.repeat(30)}`
	])('rejects the malformed fragment %j', (hash) => expect(parseInviteFragment(hash)).toBeNull());
});
