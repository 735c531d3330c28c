/** Board visibility and admissions through the moderation feature, on offline phones (issue 16). */
import { afterEach, describe, expect, it } from 'vitest';
import { NotAuthorError } from '$lib/domain/errors';
import { recordAdmission } from '$lib/domain/join/admissions';
import { boardOf, closePhones, meet, phone, until } from './test-phones';

afterEach(closePhones);

const SECRET = 'A'.repeat(22);
const REQUEST = 'r'.repeat(22);

describe('board visibility on phones', () => {
	it('an admin lists then opens the board; members read it, and cannot change it', async () => {
		const admin = await phone(null, 'Amélie');
		const member = await phone(boardOf(admin), 'Bruno');
		expect(admin.session.moderation.visibility.visibility).toBe('private');

		admin.session.moderation.setVisibility(
			{ visibility: 'listed', questions: ['  Pourquoi nous rejoindre ?  ', ''], placeId: 2960316 },
			SECRET
		);
		await until(() => admin.session.moderation.visibility.visibility === 'listed', 'listed');
		expect(admin.session.moderation.visibility).toMatchObject({
			questions: ['Pourquoi nous rejoindre ?'],
			placeId: 2960316,
			// A listed board's mark never carries the secret.
			inviteSecret: null,
			by: admin.memberId
		});

		meet(admin, member);
		await until(() => member.session.moderation.visibility.visibility === 'listed', 'synced');
		expect(() =>
			member.session.moderation.setVisibility(
				{ visibility: 'private', questions: [], placeId: null },
				SECRET
			)
		).toThrow(NotAuthorError);

		// Later than the first mark, even on a fast machine.
		await new Promise((r) => setTimeout(r, 2));
		admin.session.moderation.setVisibility(
			{ visibility: 'open', questions: [], placeId: null },
			SECRET
		);
		await until(() => admin.session.moderation.visibility.visibility === 'open', 'open');
		expect(admin.session.moderation.visibility.inviteSecret).toBe(SECRET);
	});

	it('shows who let whom in, from the accepting admin’s mark', async () => {
		const admin = await phone(null, 'Amélie');
		const member = await phone(boardOf(admin), 'Bruno');
		recordAdmission(admin.doc, admin.session.id, admin.memberId, member.memberId, REQUEST, 5000);
		meet(admin, member);
		await until(() => member.session.moderation.admissions.has(member.memberId), 'admission');
		expect(member.session.moderation.admissions.get(member.memberId)).toEqual({
			by: admin.memberId,
			requestId: REQUEST,
			at: 5000
		});
	});
});
