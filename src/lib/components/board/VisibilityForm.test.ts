/** The admins' visibility form, rendered on the server: what each choice shows. */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { PRIVATE, type BoardVisibility } from '$lib/domain/directory/visibility';
import VisibilityForm from './VisibilityForm.svelte';

const html = (current: BoardVisibility, placeLabel = '') =>
	render(VisibilityForm, {
		props: {
			current,
			typedCity: 'Luxembourg',
			placeLabel,
			search: async () => ({ kind: 'offline' as const }),
			onsave: () => null
		}
	}).body;

describe('VisibilityForm', () => {
	it('explains each choice in one line; a private board asks for neither questions nor city', () => {
		const body = html(PRIVATE);
		expect(body).toContain('Dans l’annuaire, sur demande');
		expect(body).toContain('Dans l’annuaire, entrée libre');
		expect(body).toContain('on le rejoint seulement par un lien d’invitation');
		expect(body).not.toContain('Question 1');
		expect(body).not.toContain('role="combobox"');
	});

	it('a listed board shows its questions and its chosen city', () => {
		const body = html(
			{ ...PRIVATE, visibility: 'listed', questions: ['Pourquoi ?'], placeId: 2960316, at: 1 },
			'Luxembourg (LU)'
		);
		expect(body).toContain('Question 3');
		expect(body).toContain('value="Pourquoi ?"');
		expect(body).toContain('role="combobox"');
		expect(body).toContain('Ville choisie\u00a0: Luxembourg (LU)');
		expect(body).toContain('Retirer la ville choisie');
	});

	it('without a chosen place, says the directory uses the typed city', () => {
		const body = html({ ...PRIVATE, visibility: 'open', at: 1 });
		expect(body).not.toContain('Question 1');
		expect(body).toContain(
			'Aucune ville choisie\u00a0: l’annuaire utilise la ville écrite «\u00a0Luxembourg\u00a0».'
		);
	});
});
