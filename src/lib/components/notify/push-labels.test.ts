import { describe, expect, it } from 'vitest';
import { REMINDER_LEAD_CHOICES_MS } from '$lib/domain/notify/notice';
import { withLocale } from '$lib/i18n/testing';
import { leadLabel, pushStatusLine } from './push-labels';

describe('push words', () => {
	it('every lead choice has its words', () => {
		expect(REMINDER_LEAD_CHOICES_MS.map((ms) => leadLabel(ms / 60_000))).toEqual([
			'30 minutes avant',
			'1 heure avant',
			'3 heures avant',
			'12 heures avant',
			'La veille (24 heures avant)'
		]);
		withLocale('en', () => expect(leadLabel(180)).toBe('3 hours before'));
	});

	it('a push service that cannot subscribe is said in words', () => {
		expect(pushStatusLine('unavailable')).toBe(
			'Les notifications ne peuvent pas être activées sur cet appareil pour le moment.'
		);
	});
});
