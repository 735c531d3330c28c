/**
 * Issue 16, inside a board: an admin lists the board with a question for join requests, then
 * publishes an offer at "15 € de l’heure" shown in the city directory; the card says its terms,
 * and members read the board's visibility in one line.
 */
import { expect, test } from '@playwright/test';
import { expectUpToDate, newPhone, onboard } from './phone';

const BOARD = 'Entraide Bonnevoie';
const OFFER = 'Aide informatique';
const QUESTION = 'Pourquoi voulez-vous nous rejoindre ?';

test('an admin lists the board with a question and offers help at an hourly rate', async ({
	browser
}) => {
	const a = await newPhone(browser);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(a.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await expect(a.page.getByTestId('board-visibility')).toHaveText(
		'Tableau privé : on le rejoint seulement par invitation.'
	);

	// The admin lists the board, on request, with one question.
	await a.page.getByRole('link', { name: 'Modération' }).click();
	const form = a.page.getByTestId('visibility-form');
	await expect(form.getByRole('radio', { name: 'Privé' })).toBeChecked();
	await form.getByRole('radio', { name: 'Dans l’annuaire, sur demande' }).check();
	await form.getByLabel('Question 1').fill(QUESTION);
	await expect(
		form.getByText('Aucune ville choisie : l’annuaire utilise la ville écrite « Luxembourg ».')
	).toBeVisible();
	await form.getByRole('button', { name: 'Enregistrer la visibilité' }).click();
	await expect(form.getByText('Visibilité enregistrée.')).toBeVisible();
	await a.page.getByRole('link', { name: BOARD }).first().click();
	await expect(a.page.getByTestId('board-visibility')).toHaveText(
		'Ce tableau est dans l’annuaire de la ville : on demande à le rejoindre.'
	);

	// An offer at an hourly rate, shown in the directory: an amount that is none is refused first.
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('computing');
	await a.page.getByLabel('Titre').fill(OFFER);
	await a.page.getByRole('radio', { name: 'Tarif horaire (€)' }).check();
	await a.page.getByLabel('Montant en euros').fill('quinze');
	const listed = a.page.getByRole('checkbox', { name: 'Visible dans l’annuaire' });
	await expect(listed).not.toBeChecked();
	await listed.check();
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByText('Ce n’est pas un montant')).toBeVisible();
	await expect(a.page.getByLabel('Montant en euros')).toBeFocused();
	await a.page.getByLabel('Montant en euros').fill('15');
	await a.page.getByRole('button', { name: 'Publier' }).click();
	const card = a.page.getByTestId('post').filter({ hasText: OFFER });
	await expect(card.getByTestId('post-price')).toContainText('15 € de l’heure');
	await expectUpToDate(a.page);

	// The post page says the terms and that it is in the directory; the edit form keeps both.
	await card.getByRole('link', { name: OFFER, exact: true }).click();
	await expect(a.page.getByTestId('post-price')).toContainText('15 € de l’heure');
	await expect(a.page.getByText('Visible dans l’annuaire')).toBeVisible();
	await a.page.getByRole('link', { name: `Modifier « ${OFFER} »` }).click();
	await expect(a.page.getByRole('radio', { name: 'Tarif horaire (€)' })).toBeChecked();
	await expect(a.page.getByLabel('Montant en euros')).toHaveValue('15');
	await expect(a.page.getByRole('checkbox', { name: 'Visible dans l’annuaire' })).toBeChecked();
	await a.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(a.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();

	// A reload opens the board from this device: the card says its terms from the first paint.
	await a.page.reload();
	await expect(
		a.page.getByTestId('post').filter({ hasText: OFFER }).getByTestId('post-price')
	).toContainText('15 € de l’heure');
	await a.context.close();
});
