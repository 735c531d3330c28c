import { describe, expect, it } from 'vitest';
import { mustNameAdminBeforeLeaving } from './leaving';

const none = new Set<string>();

describe('leaving a board', () => {
	it('the only admin must name another admin first while other members stay', () => {
		expect(mustNameAdminBeforeLeaving('ana', new Set(['ana']), ['ana', 'bob'], none)).toBe(true);
	});

	it('another admin, or no other member, lets the admin leave', () => {
		const admins = new Set(['ana', 'bob']);
		expect(mustNameAdminBeforeLeaving('ana', admins, ['ana', 'bob'], none)).toBe(false);
		expect(mustNameAdminBeforeLeaving('ana', new Set(['ana']), ['ana'], none)).toBe(false);
		// Removed members do not stay, and a removed admin is no admin.
		const removed = new Set(['bob']);
		expect(mustNameAdminBeforeLeaving('ana', admins, ['ana', 'bob'], removed)).toBe(false);
		expect(mustNameAdminBeforeLeaving('ana', admins, ['ana', 'bob', 'cleo'], removed)).toBe(true);
	});

	it('a member who is not admin may always leave', () => {
		expect(mustNameAdminBeforeLeaving('bob', new Set(['ana']), ['ana', 'bob'], none)).toBe(false);
	});
});
