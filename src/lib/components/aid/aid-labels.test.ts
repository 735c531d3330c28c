import { describe, expect, it } from 'vitest';
import {
	ENGAGEMENT_STATUSES,
	type Engagement,
	type EngagementRequest,
	type EngagementResponse
} from '$lib/domain/engagement/types';
import { RuleError, ValidationError } from '$lib/domain/errors';
import { withLocale } from '$lib/i18n/testing';
import {
	aidErrorMessage,
	bookingRatingErrorMessage,
	engagementOf,
	engagementStatusText,
	proposeLabel
} from './aid-labels';

const noMarks = { cancelled: null, done: null, disputed: null };
const request: EngagementRequest = {
	key: 'ben:e',
	initiatorId: 'ben',
	postKey: 'ana:p',
	message: '',
	dates: '',
	createdAt: 1,
	...noMarks
};
const response: EngagementResponse = {
	key: 'ana:r',
	authorId: 'ana',
	engagementKey: 'ben:e',
	decision: 'accepted',
	reason: '',
	at: 2,
	contact: null,
	agreed: null,
	...noMarks
};
const engagement = (extra: Partial<Engagement>): Engagement => ({
	key: 'ben:e',
	postKey: 'ana:p',
	initiatorId: 'ben',
	authorId: 'ana',
	request,
	response: null,
	status: 'proposed',
	by: null,
	reason: '',
	doneAt: null,
	checkins: { initiator: false, author: false },
	attested: false,
	...extra
});
const names: Record<string, string> = { ana: 'Amélie', ben: 'Bruno' };
const nameOf = (id: string) => names[id] ?? '';

describe('engagement labels in French', () => {
	it('names every status, distinctly', () => {
		const labels = ENGAGEMENT_STATUSES.map(
			(status) => engagementStatusText(engagement({ status }), 'ben', nameOf).label
		);
		expect(labels).toEqual(['Proposée', 'Acceptée', 'Refusée', 'Annulée', 'Réalisée', 'Contestée']);
	});

	it('says who waits for whom, with French elision', () => {
		expect(engagementStatusText(engagement({}), 'ben', nameOf).detail).toBe(
			'En attente de la réponse d’Amélie.'
		);
		expect(engagementStatusText(engagement({}), 'ana', nameOf).detail).toBe(
			'En attente de votre réponse.'
		);
	});

	it('says who cancelled, declined or disputed, and why', () => {
		const cancelled = engagement({ status: 'cancelled', by: 'ana', reason: 'Malade' });
		expect(engagementStatusText(cancelled, 'ben', nameOf).detail).toBe(
			'Par Amélie\u00a0: «\u00a0Malade\u00a0»'
		);
		expect(engagementStatusText(cancelled, 'ana', nameOf).detail).toBe(
			'Par vous\u00a0: «\u00a0Malade\u00a0»'
		);
		const declined = engagement({ status: 'declined', by: 'ana', reason: '' });
		expect(engagementStatusText(declined, 'ben', nameOf).detail).toBe('Par Amélie');
		const disputed = engagement({ status: 'disputed', by: 'ben', reason: 'Personne' });
		expect(engagementStatusText(disputed, 'ana', nameOf).detail).toBe(
			'Bruno conteste qu’elle ait eu lieu\u00a0: «\u00a0Personne\u00a0»'
		);
		expect(engagementStatusText(disputed, 'ana', () => '').detail).toContain('L’autre personne');
	});

	it('tells who marked the help done', () => {
		const done = (initiator: boolean, author: boolean) =>
			engagement({
				status: 'done',
				request: { ...request, done: initiator ? { at: 3 } : null },
				response: { ...response, done: author ? { at: 3 } : null }
			});
		expect(engagementStatusText(done(true, false), 'ana', nameOf).detail).toMatch(
			/^Bruno l’a marquée comme réalisée/
		);
		expect(engagementStatusText(done(true, false), 'ben', nameOf).detail).toBe(
			'Marquée comme réalisée par vous.'
		);
		expect(engagementStatusText(done(true, true), 'ana', nameOf).detail).toBe(
			'Confirmée par vous deux.'
		);
	});

	it('words actions by the post’s kind', () => {
		expect(proposeLabel('offer')).toBe('Demander cette aide');
		expect(proposeLabel('request')).toBe('Proposer mon aide');
		expect(engagementOf('offer', 'Bruno')).toBe('la demande de Bruno');
		expect(engagementOf('request', 'Amélie')).toBe('l’aide d’Amélie');
	});

	it('turns refusals into plain French', () => {
		for (const code of ['ownPost', 'postClosed', 'alreadyProposed', 'blocked']) {
			const message = aidErrorMessage(new RuleError(code));
			expect(message).not.toMatch(/[a-z][A-Z]/);
			expect(message).not.toBe(aidErrorMessage(new RuleError('unknown')));
		}
		expect(aidErrorMessage(new ValidationError({ message: 'tooLong' }))).toBe(
			'Ce texte est trop long\u00a0: 500 caractères au plus.'
		);
		expect(aidErrorMessage(new ValidationError({ phone: 'phone' }))).toMatch(/téléphone/);
		expect(aidErrorMessage(new RuleError('blocked'))).toBe(
			'Vous ne pouvez pas répondre à cette annonce.'
		);
	});
});

describe('booking rating refusals', () => {
	it('speak of the slot, not of help marked done', () => {
		expect(bookingRatingErrorMessage(new RuleError('notFinished'))).toBe(
			'Vous pourrez noter ce coworking une fois le créneau terminé.'
		);
		expect(bookingRatingErrorMessage(new RuleError('notParticipant'))).toMatch(/hôte/);
		// The rest are the same as for an engagement's rating.
		expect(bookingRatingErrorMessage(new RuleError('frozen'))).toBe(
			aidErrorMessage(new RuleError('frozen'))
		);
	});
});

describe('engagement labels in English', () => {
	it('word statuses, waits and refusals', () => {
		withLocale('en', () => {
			expect(engagementStatusText(engagement({}), 'ben', nameOf)).toMatchObject({
				label: 'Proposed',
				detail: 'Waiting for Amélie’s reply.'
			});
			const cancelled = engagement({ status: 'cancelled', by: 'ana', reason: 'Malade' });
			expect(engagementStatusText(cancelled, 'ben', nameOf).detail).toBe('By Amélie: “Malade”');
			expect(engagementOf('request', 'Amélie')).toBe('Amélie’s help');
			expect(proposeLabel('offer')).toBe('Ask for this help');
			expect(aidErrorMessage(new ValidationError({ message: 'tooLong' }))).toBe(
				'This text is too long: 500 characters at most.'
			);
		});
	});
});
