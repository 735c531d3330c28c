import { describe, expect, it } from 'vitest';
import { withLocale } from '$lib/i18n/testing';
import { CATEGORY_LABELS, fieldError, KIND_LABELS } from './labels';

describe('post labels', () => {
	it('name categories and kinds in the current locale', () => {
		expect(CATEGORY_LABELS.paperwork).toBe('Démarches administratives');
		expect(KIND_LABELS.offer).toBe('Je propose');
		withLocale('en', () => {
			expect(CATEGORY_LABELS.paperwork).toBe('Paperwork');
			expect(KIND_LABELS.request).toBe('I am looking for');
		});
		expect(Object.keys(CATEGORY_LABELS)).toHaveLength(8);
	});

	it('say what is wrong with a field in a whole sentence', () => {
		expect(fieldError('city', 'required')).toBe('Merci d’indiquer la ville.');
		expect(fieldError('description', 'tooLong')).toBe('La description est trop longue.');
		expect(fieldError('title', 'invalid')).toBe('Vérifiez le titre.');
		expect(fieldError('unknown', 'required')).toBe('Merci de remplir ce champ.');
		expect(fieldError('name', undefined)).toBe('');
		withLocale('en', () => expect(fieldError('city', 'required')).toBe('Please enter the town.'));
	});
});
