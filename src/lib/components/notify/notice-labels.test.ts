import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from '$lib/domain/notify/notice';
import { withLocale } from '$lib/i18n/testing';
import { noticeSentence, waitingLabel } from './notice-labels';

describe('notice words', () => {
	it('every kind has a sentence, in both languages, naming the member and the subject', () => {
		for (const kind of NOTICE_KINDS) {
			const fr = noticeSentence({ kind, subject: 'Étagère' }, 'Ben');
			expect(fr, kind).toContain('Ben');
			expect(fr, kind).toContain('«\u00a0Étagère\u00a0»');
			withLocale('en', () => {
				const en = noticeSentence({ kind, subject: 'Shelf' }, 'Ben');
				expect(en, kind).toContain('“Shelf”');
				expect(en, kind).not.toBe(fr);
			});
		}
		expect(
			new Set(NOTICE_KINDS.map((k) => noticeSentence({ kind: k, subject: 'x' }, 'B'))).size
		).toBe(NOTICE_KINDS.length);
	});

	it('says it as a French speaker would', () => {
		expect(noticeSentence({ kind: 'help-request', subject: 'Étagère' }, 'Ben')).toBe(
			'Ben demande votre aide pour «\u00a0Étagère\u00a0»'
		);
		expect(noticeSentence({ kind: 'seat-request', subject: '' }, '')).toBe(
			'Un membre demande une place à «\u00a0sans titre\u00a0»'
		);
		expect(waitingLabel(3)).toBe('3 en attente');
		withLocale('en', () => expect(waitingLabel(1)).toBe('1 waiting'));
	});
});
