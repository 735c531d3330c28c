import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, avatarColour, initials } from './avatar';

describe('initials', () => {
	it('takes the first letters of the first and last words, in capitals', () => {
		expect(initials('Amélie Dupont')).toBe('AD');
		expect(initials('jean-luc  de la Tour')).toBe('JT');
		expect(initials('boris')).toBe('B');
		expect(initials('marie-claire  dupont')).toBe('MD');
		expect(initials('Élodie de la Fontaine')).toBe('ÉF');
	});

	it('keeps accents whole and skips words without letters', () => {
		expect(initials('e\u0301lise')).toBe('E\u0301');
		expect(initials('😀 Zoé')).toBe('Z');
		expect(initials('  ')).toBe('');
		expect(initials('!!!')).toBe('');
	});
});

describe('avatarColour', () => {
	// Seeded pseudo-random ids, so a failure can be replayed.
	const seed = 19;
	function ids(count: number): string[] {
		let state = seed;
		return Array.from({ length: count }, () => {
			state = (Math.imul(state, 1103515245) + 12345) >>> 0;
			return state.toString(36) + (state >>> 7).toString(16);
		});
	}

	it('is the same for the same id and always a defined colour', () => {
		for (const id of ids(200)) {
			const colour = avatarColour(id);
			expect(avatarColour(id), `seed ${seed}, id ${id}`).toBe(colour);
			expect(Number.isInteger(colour) && colour >= 0 && colour < AVATAR_COLOURS).toBe(true);
		}
		expect(avatarColour('')).toBeGreaterThanOrEqual(0);
	});

	it('spreads members over every colour', () => {
		const used = new Set(ids(400).map(avatarColour));
		expect(used.size, `seed ${seed}`).toBe(AVATAR_COLOURS);
	});
});
