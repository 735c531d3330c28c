import { describe, expect, it } from 'vitest';
import type { PacketRefusalReason } from '$lib/sync/handover/check-packet';
import { m } from '$lib/paraglide/messages.js';
import { fileWords, receivedWords, refusalWords } from './door-labels';

/** Every reason the checks can give (the type makes this list complete). */
const REASONS: Record<PacketRefusalReason, true> = {
	malformed: true,
	'other-board': true,
	'bad-signature': true,
	'not-members-device': true,
	'unknown-member': true,
	removed: true,
	'device-removed': true,
	'unlisted-client': true,
	'not-v1': true,
	'foreign-client': true,
	'foreign-key': true,
	'foreign-parent': true,
	'not-a-record': true,
	'foreign-delete': true,
	'missing-dependency': true,
	incomplete: true
};

describe('door words', () => {
	it('says every refusal in its own words, never the generic fallback', () => {
		for (const reason of Object.keys(REASONS)) {
			expect(refusalWords(reason), reason).not.toBe(m.door_refused_other());
		}
		expect(refusalWords('something-new')).toBe(m.door_refused_other());
	});

	it('names the author, or says someone, and the board for a file', () => {
		const applied = { kind: 'applied' as const, author: 'x', about: '' };
		expect(receivedWords(applied, 'Hélène')).toContain('Hélène');
		expect(receivedWords(applied, '')).toContain(m.door_someone());
		expect(fileWords({ ...applied, kind: 'held' }, 'Hélène', 'Lilas')).toContain('Lilas');
	});
});
