import { describe, expect, it } from 'vitest';
import { avatarHue, initialsOf } from './person';

describe('a person on a card', () => {
	it('has initials from the first and last words of the name', () => {
		expect(initialsOf('Amélie')).toBe('A');
		expect(initialsOf('marie-claire  dupont')).toBe('MD');
		expect(initialsOf('Élodie de la Fontaine')).toBe('ÉF');
		expect(initialsOf('  ')).toBe('?');
	});

	it('keeps one colour per member id, whatever the name', () => {
		expect(avatarHue('abc')).toBe(avatarHue('abc'));
		expect(avatarHue('abc')).not.toBe(avatarHue('abd'));
		expect(avatarHue('x')).toBeGreaterThanOrEqual(0);
		expect(avatarHue('x')).toBeLessThan(360);
	});
});
