import { describe, expect, it } from 'vitest';
import { NotAuthorError, RuleError, ValidationError } from '$lib/domain/errors';
import { withLocale } from '$lib/i18n/testing';
import { aidErrorMessage } from '../aid/aid-labels';
import { describeReport, describeSubject, type SubjectLookup } from './rating-subject';
import {
	distributionRows,
	elision,
	formatAverage,
	reputationText,
	reviewCount,
	starsText,
	trustErrorMessage
} from './trust-labels';

describe('reputation in French', () => {
	it('formats the average with a French decimal comma', () => {
		expect(formatAverage(4.5)).toBe('4,5 / 5');
		expect(formatAverage(5)).toBe('5 / 5');
		expect(formatAverage(3.25)).toBe('3,3 / 5');
		expect(formatAverage(null)).toBe('pas encore de note');
		expect(formatAverage(Number.NaN)).toBe('pas encore de note');
	});

	it('counts reviews and stars in words', () => {
		expect([0, 1, 2].map(reviewCount)).toEqual(['aucun avis', '1 avis', '2 avis']);
		expect([1, 5].map(starsText)).toEqual(['1 étoile', '5 étoiles']);
	});

	it('says the summary in one sentence', () => {
		expect(reputationText({ average: 4.5, count: 2 })).toBe('Note moyenne\u00a0: 4,5 / 5 (2 avis)');
		expect(reputationText({ average: 4, count: 1 })).toBe('Note moyenne\u00a0: 4 / 5 (1 avis)');
		expect(reputationText({ average: null, count: 0 })).toBe('Pas encore d’avis');
	});

	it('lists five rows, 5 stars first, each with its number in the text', () => {
		const rows = distributionRows([1, 0, 0, 1, 2]);
		expect(rows.map((r) => r.label)).toEqual([
			'5 étoiles\u00a0: 2',
			'4 étoiles\u00a0: 1',
			'3 étoiles\u00a0: 0',
			'2 étoiles\u00a0: 0',
			'1 étoile\u00a0: 1'
		]);
		expect(rows.map((r) => r.percent)).toEqual([50, 25, 0, 0, 25]);
		expect(distributionRows([0, 0, 0, 0, 0]).every((r) => r.percent === 0)).toBe(true);
	});

	it('elides "de" before a vowel', () => {
		expect(['Boris', 'Amélie', 'Élodie'].map(elision)).toEqual(['consonant', 'vowel', 'vowel']);
	});

	it('turns failures into plain messages', () => {
		expect(trustErrorMessage(new NotAuthorError('x'))).toMatch(/admins/);
		expect(trustErrorMessage(new ValidationError({ reason: 'required' }))).toBe(
			'Merci d’indiquer un motif.'
		);
		expect(trustErrorMessage(new ValidationError({ reason: 'tooLong' }))).toBe(
			'Ce motif est trop long.'
		);
	});

	it('says a report cannot be sent while no admin’s key is on this device', () => {
		const message =
			'Aucun admin ne peut encore recevoir de signalement chiffré\u00a0: réessayez quand les profils des admins seront synchronisés.';
		expect(trustErrorMessage(new RuleError('noAdminKey'))).toBe(message);
		// The same refusal of a rating's private note, through the rating form's messages.
		expect(aidErrorMessage(new RuleError('noAdminKey'))).toBe(message);
	});
});

describe('what a rating is about', () => {
	const lookup: SubjectLookup = {
		engagementPost: (k) => (k === 'e1' ? 'p1' : k === 'e2' ? 'gone' : null),
		postTitle: (k) => (k === 'p1' ? 'Aide informatique' : null),
		bookingSpace: (k) => (k === 'b1' ? { key: 's1', title: 'Salon calme' } : null)
	};

	it('names the post of an engagement, with a link', () => {
		expect(describeSubject({ kind: 'engagement', subject: 'e1' }, lookup)).toEqual({
			text: 'Aide informatique',
			postKey: 'p1',
			spaceKey: null
		});
	});

	it('names the space of a booking', () => {
		expect(describeSubject({ kind: 'booking', subject: 'b1' }, lookup)).toEqual({
			text: 'Coworking\u00a0: Salon calme',
			postKey: null,
			spaceKey: 's1'
		});
		expect(describeSubject({ kind: 'booking', subject: 'zz' }, lookup).text).toBe('Coworking');
	});

	it('says so when the post is not on this device, without a dead link', () => {
		for (const subject of ['e2', 'unknown']) {
			expect(describeSubject({ kind: 'engagement', subject }, lookup)).toEqual({
				text: 'Une annonce qui n’est plus sur cet appareil',
				postKey: null,
				spaceKey: null
			});
		}
	});
});

describe('what a report is about', () => {
	const lookup = {
		postTitle: (k: string) => (k === 'p1' ? 'Vente douteuse' : null),
		memberName: (id: string) => ({ ana: 'Ana', ben: 'Ben' })[id] ?? '',
		rating: (k: string) =>
			k === 'r1'
				? { raterId: 'ben', rateeId: 'ana', stars: 1 }
				: k === 'r2'
					? { raterId: 'ana', rateeId: 'ben', stars: 4 }
					: null
	};

	it('describes members, posts and ratings', () => {
		expect(describeReport({ target: 'member', ref: 'ben' }, lookup)).toEqual({
			text: 'Le membre Ben',
			memberId: 'ben',
			postKey: null
		});
		expect(describeReport({ target: 'member', ref: 'zed' }, lookup).text).toBe(
			'Un membre dont le profil n’est pas sur cet appareil'
		);
		expect(describeReport({ target: 'post', ref: 'p1' }, lookup)).toEqual({
			text: 'L’annonce «\u00a0Vente douteuse\u00a0»',
			memberId: null,
			postKey: 'p1'
		});
		expect(describeReport({ target: 'rating', ref: 'r1' }, lookup)).toEqual({
			text: 'La note de Ben sur Ana (1 étoile)',
			memberId: 'ana',
			postKey: null
		});
		expect(describeReport({ target: 'rating', ref: 'r2' }, lookup).text).toBe(
			'La note d’Ana sur Ben (4 étoiles)'
		);
	});

	it('says when the target is gone', () => {
		expect(describeReport({ target: 'post', ref: 'x' }, lookup).postKey).toBeNull();
		expect(describeReport({ target: 'rating', ref: 'x' }, lookup).text).toBe(
			'Une note qui n’est plus visible'
		);
	});
});

describe('reputation and reports in English', () => {
	it('count, summarise and describe in English', () => {
		withLocale('en', () => {
			expect([0, 1, 2].map(reviewCount)).toEqual(['no reviews', '1 review', '2 reviews']);
			expect(reputationText({ average: 4.5, count: 2 })).toBe(
				'Average rating: 4.5 / 5 (2 reviews)'
			);
			expect(distributionRows([1, 0, 0, 0, 0]).at(-1)?.label).toBe('1 star: 1');
			const lookup = {
				postTitle: () => null,
				memberName: (id: string) => ({ ana: 'Ana', ben: 'Ben' })[id] ?? '',
				rating: () => ({ raterId: 'ana', rateeId: 'ben', stars: 4 })
			};
			expect(describeReport({ target: 'rating', ref: 'r' }, lookup).text).toBe(
				'Ana’s rating of Ben (4 stars)'
			);
			expect(trustErrorMessage(new ValidationError({ reason: 'tooLong' }))).toBe(
				'This reason is too long.'
			);
		});
	});
});
