/** The terms' fields, rendered on the server: the amount only for a fixed price or an hourly rate. */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { PriceInput } from '$lib/domain/pricing/terms';
import PriceFields from './PriceFields.svelte';

const html = (value: PriceInput, error?: string) =>
	render(PriceFields, { props: { id: 'p', value, error } }).body;

describe('PriceFields', () => {
	it('offers the five terms and hides the amount for terms without one', () => {
		const body = html({ kind: 'free', euros: '' });
		for (const label of [
			'Gratuit',
			'Prix fixe (€)',
			'Tarif horaire (€)',
			'Participation libre',
			'Échange de services'
		]) {
			expect(body).toContain(label);
		}
		expect(body).not.toContain('Montant en euros');
	});

	it('asks for the hourly amount, and says what is wrong with it next to the field', () => {
		const body = html({ kind: 'hourly', euros: 'quinze' }, 'notAnAmount');
		expect(body).toContain('<label for="p-amount">Montant en euros</label>');
		expect(body).toContain('Pour une heure, par exemple 15 ou 12,50.');
		expect(body).toMatch(/aria-invalid="true"/);
		expect(body).toContain('id="p-error"');
		expect(body).toContain('Ce n’est pas un montant');
	});
});
