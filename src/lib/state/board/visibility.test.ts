/** Board visibility and admissions through the moderation feature, on offline phones (issue 16). */
import { afterEach, describe, expect, it } from 'vitest';
import { NotAuthorError } from '$lib/domain/errors';
import { recordAdmission } from '$lib/domain/join/admissions';
import { boardOf, closePhones, meet, phone, until } from './test-phones';

afterEach(closePhones);

const LINK_NAME = 'Annuaire';
const REQUEST = 'r'.repeat(22);

describe('board visibility on phones', () => {
	it('an admin lists then opens the board; members read it, and cannot change it', async () => {
		const admin = await phone(null, 'Amélie');
		const member = await phone(boardOf(admin), 'Bruno');
		expect(admin.session.moderation.visibility.visibility).toBe('private');

		admin.session.moderation.setVisibility(
			{ visibility: 'listed', questions: ['  Pourquoi nous rejoindre ?  ', ''], placeId: 2960316 },
			LINK_NAME
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
				LINK_NAME
			)
		).toThrow(NotAuthorError);

		// Later than the first mark, even on a fast machine.
		await new Promise((r) => setTimeout(r, 2));
		admin.session.moderation.setVisibility(
			{ visibility: 'open', questions: [], placeId: null },
			LINK_NAME
		);
		await until(() => admin.session.moderation.visibility.visibility === 'open', 'open');
		// Its own link, not the board's first secret: closing the board again revokes it.
		const moderation = admin.session.moderation;
		const secret = moderation.visibility.inviteSecret;
		expect(secret).not.toBeNull();
		expect(secret).not.toBe(boardOf(admin).secret);
		const hash = moderation.tokenHashOf(secret!);
		expect(moderation.inviteLinks.links.map((l) => [l.name, l.tokenHash])).toEqual([
			[LINK_NAME, hash]
		]);
		moderation.setVisibility(
			{ visibility: 'open', questions: ['Qui êtes-vous ?'], placeId: null },
			LINK_NAME
		);
		await until(() => moderation.visibility.questions.length === 1, 'open again');
		expect(moderation.visibility.inviteSecret).toBe(secret);

		await new Promise((r) => setTimeout(r, 2));
		moderation.setVisibility({ visibility: 'listed', questions: [], placeId: null }, LINK_NAME);
		await until(() => moderation.visibility.visibility === 'listed', 'closed');
		expect(moderation.inviteLinks.revoked.has(hash)).toBe(true);
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
