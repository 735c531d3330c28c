import { describe, expect, it } from 'vitest';
import { inviteUrl } from '../board/invite';
import { DEVICES_PATH, LINK_PATH } from '../identity/link-codes';
import { randomId } from '../ids';
import { appLinkOf } from './app-link';

describe('links a scanner may open', () => {
	const invite = { boardId: randomId(), secret: randomId() + randomId() };

	it('opens an invite link of any origin at /join with its fragment', () => {
		for (const origin of ['https://quartier.example', 'http://127.0.0.1:8841']) {
			const url = inviteUrl(origin, invite);
			expect(appLinkOf(url)).toEqual({ path: '/join', hash: new URL(url).hash });
		}
	});

	it('opens device-link codes on their pages', () => {
		expect(appLinkOf(`https://q.example${DEVICES_PATH}#link=abc`)?.path).toBe(DEVICES_PATH);
		expect(appLinkOf(`https://q.example${LINK_PATH}#response=abc`)?.path).toBe(LINK_PATH);
	});

	it('refuses other links, broken invites and plain text', () => {
		for (const text of [
			'https://evil.example/phish#board=x',
			`https://q.example/join#board=${invite.boardId}`,
			`javascript:alert(1)//join#board=${invite.boardId}&key=${invite.secret}`,
			'https://q.example/devices',
			'https://q.example/join#board=a%20b&key=c',
			'hello',
			''
		]) {
			expect(appLinkOf(text)).toBeNull();
		}
	});
});
