/**
 * Push's pure rules, without a relay: quiet hours in a time zone (wrapping midnight, across a
 * change of the clocks), the words for every kind in both languages (the board only), the payload's
 * path, and which endpoint addresses the relay refuses to post to.
 */
import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from '../../src/lib/domain/notify/notice';
import { endpointUrl, isPrivateAddress } from '../../sync-server/push/endpoint';
import { pushPayload } from '../../sync-server/push/payload';
import { releaseTime } from '../../sync-server/push/quiet-hours';
import { pushBody, type PushKind } from '../../sync-server/push/words';

const NIGHT = { from: '22:00', to: '07:30' };

describe('quiet hours', () => {
	it('hold a push until they end, in the subscription’s own time zone', () => {
		// 23:30 in Paris (UTC+1): released at 07:30 Paris, 06:30 UTC.
		const at = Date.UTC(2026, 11, 3, 22, 30);
		expect(releaseTime(at, NIGHT, 'Europe/Paris')).toBe(Date.UTC(2026, 11, 4, 6, 30));
		// 07:30 in Tokyo: just past them.
		expect(releaseTime(at, NIGHT, 'Asia/Tokyo')).toBe(at);
		// 06:00 in Paris, after midnight.
		const early = Date.UTC(2026, 11, 4, 5, 0);
		expect(releaseTime(early, NIGHT, 'Europe/Paris')).toBe(Date.UTC(2026, 11, 4, 6, 30));
		// Hours within one day, and none at all.
		const lunch = { from: '12:00', to: '14:00' };
		expect(releaseTime(Date.UTC(2026, 6, 1, 10, 15), lunch, 'Europe/Paris')).toBe(
			Date.UTC(2026, 6, 1, 12, 0)
		);
		expect(releaseTime(at, null, 'Europe/Paris')).toBe(at);
	});

	it('end within an hour of their local time across a change of the clocks, never lost', () => {
		// The night of 28–29 March 2026 in Paris loses an hour at 02:00.
		const at = Date.UTC(2026, 2, 28, 23, 0);
		const release = releaseTime(at, NIGHT, 'Europe/Paris');
		const end = Date.UTC(2026, 2, 29, 5, 30);
		expect(Math.abs(release - end)).toBeLessThanOrEqual(60 * 60_000);
		expect(release).toBeGreaterThan(at);
	});
});

describe('words', () => {
	const kinds: PushKind[] = [...NOTICE_KINDS, 'reminder-guest', 'reminder-host', 'digest'];

	it('every kind has short words in French and English that name the board', () => {
		for (const locale of ['fr', 'en'] as const) {
			const bodies = kinds.map((kind) => pushBody(locale, kind, 'Rue des Lilas', 3));
			for (const body of bodies) {
				expect(body).toContain('Rue des Lilas');
				expect(body.length).toBeLessThanOrEqual(80);
			}
			expect(new Set(bodies).size).toBe(kinds.length);
		}
		expect(pushBody('fr', 'digest', 'Rue des Lilas', 3)).toBe('3 nouveautés sur Rue des Lilas');
		expect(pushBody('fr', 'help-request', '')).toBe('Nouvelle demande sur votre tableau');
	});

	it('a path outside the app becomes the board’s page', () => {
		const board = 'B'.repeat(22);
		expect(pushPayload('fr', 'help-message', board, 'X', '//evil.example/b/').path).toBe(
			`/b/${board}`
		);
		expect(pushPayload('fr', 'help-message', board, 'X', 'https://evil.example').path).toBe(
			`/b/${board}`
		);
		expect(pushPayload('fr', 'help-message', board, 'X', `/b/${board}/posts/a%3Ab`).path).toBe(
			`/b/${board}/posts/a%3Ab`
		);
	});
});

describe('endpoints', () => {
	it('https only, never the relay’s own network, unless insecure endpoints are allowed', () => {
		expect(endpointUrl('https://fcm.googleapis.com/fcm/send/abc', false)).not.toBeNull();
		for (const refused of [
			'http://push.example.org/x',
			'https://127.0.0.1/x',
			'https://10.0.0.8/x',
			'https://172.20.1.1/x',
			'https://169.254.169.254/latest',
			'https://[::1]/x',
			'https://[fd00::1]/x',
			'https://localhost:8080/x',
			'https://user:pw@push.example.org/x',
			'not a url'
		]) {
			expect(endpointUrl(refused, false), refused).toBeNull();
		}
		expect(endpointUrl('http://127.0.0.1:9999/push/x', true)).not.toBeNull();
		expect(isPrivateAddress('::ffff:192.168.0.1')).toBe(true);
		expect(isPrivateAddress('93.184.216.34')).toBe(false);
	});
});
