/**
 * Two phones, one relay: a board created on A, joined by B from the invite link, edited on both
 * sides while B is offline (including an offline reload), converging when B comes back.
 */
import { expect, test } from '@playwright/test';
import { expectUpToDate, newPhone, onboard, syncStatus, waitForServiceWorker } from './phone';

test('a board syncs between two phones through offline edits and an offline reload', async ({
	browser
}) => {
	const a = await newPhone(browser);
	const b = await newPhone(browser);

	// A: first launch, creates the board and an offer.
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill('Rue des Lilas');
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByLabel('Quartier').fill('Bonnevoie');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await a.page.getByTestId('invite-link').inputValue();
	expect(new URL(link).hash).toMatch(/^#board=[\w-]{22}&key=/);
	await expect(a.page.getByRole('img', { name: /Code QR/ })).toBeVisible();

	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('computing');
	await a.page.getByLabel('Titre').fill('Aide informatique');
	await a.page.getByLabel('Description').fill('Je peux installer une imprimante ou un antivirus.');
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByRole('heading', { name: 'Aide informatique' })).toBeVisible();
	await expectUpToDate(a.page);

	// B: opens the invite before having a name, is onboarded, lands in the board.
	await b.page.goto(link);
	await onboard(b.page, 'Bruno');
	await expect(b.page.getByRole('heading', { name: 'Rue des Lilas', level: 1 })).toBeVisible();
	await expect(b.page.getByRole('heading', { name: 'Aide informatique' })).toBeVisible();
	await expectUpToDate(b.page);
	await waitForServiceWorker(b.page);
	const boardUrl = b.page.url();

	// B goes offline and posts a request: it is on B's device only.
	await b.context.setOffline(true);
	await expect(b.page.getByTestId('offline-banner')).toBeVisible();
	await b.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(b.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await b.page.getByLabel('Je cherche').check();
	await b.page.getByLabel('Catégorie').selectOption('gardening');
	await b.page.getByLabel('Titre').fill('Quelqu’un pour tailler ma haie');
	await b.page.getByRole('button', { name: 'Publier' }).click();
	await expect(
		b.page.getByRole('heading', { name: 'Quelqu’un pour tailler ma haie' })
	).toBeVisible();
	await expect(syncStatus(b.page)).toHaveText(/1 modification seulement sur cet appareil/);

	// B reloads with no network: the shell comes from the service worker, the data from IndexedDB.
	await b.page.reload();
	await expect(b.page.getByRole('heading', { name: 'Rue des Lilas', level: 1 })).toBeVisible();
	await expect(b.page.getByRole('heading', { name: 'Aide informatique' })).toBeVisible();
	await expect(
		b.page.getByRole('heading', { name: 'Quelqu’un pour tailler ma haie' })
	).toBeVisible();
	await expect(syncStatus(b.page)).toHaveText(/1 modification seulement sur cet appareil/);
	expect(b.page.url()).toBe(boardUrl);

	// Meanwhile A edits the offer.
	await a.page.getByRole('link', { name: /Modifier/ }).click();
	await a.page.getByLabel('Titre').fill('Aide informatique à domicile');
	await a.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(a.page.getByRole('heading', { name: 'Aide informatique à domicile' })).toBeVisible();
	await expectUpToDate(a.page);
	// B, still offline, cannot know yet.
	await expect(
		b.page.getByRole('heading', { name: 'Aide informatique', exact: true })
	).toBeVisible();

	// B comes back: both screens converge and nothing is left only on B's device.
	await b.context.setOffline(false);
	await expectUpToDate(b.page);
	for (const page of [a.page, b.page]) {
		await expect(page.getByRole('heading', { name: 'Aide informatique à domicile' })).toBeVisible();
		await expect(
			page.getByRole('heading', { name: 'Quelqu’un pour tailler ma haie' })
		).toBeVisible();
	}
	const titles = async (page: typeof a.page) =>
		page.getByTestId('post').getByRole('heading').allTextContents();
	expect(await titles(b.page)).toEqual(await titles(a.page));
	expect(await titles(a.page)).toHaveLength(2);
	// Only the author may edit: B sees no edit button on A's post.
	await expect(b.page.getByRole('link', { name: /Modifier « Aide informatique/ })).toHaveCount(0);

	await a.context.close();
	await b.context.close();
});
