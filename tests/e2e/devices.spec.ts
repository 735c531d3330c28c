/**
 * One member on two phones, through the real relay: Amélie links her tablet by the two codes
 * (the QR codes' text), the tablet writes as her and opens her private contact, and once she
 * takes the tablet back the relay refuses it.
 */
import { expect, test } from '@playwright/test';
import { expectUpToDate, newPhone, onboard } from './phone';

const BOARD = 'Rue des Lilas';
const OFFER = 'Prêt de perceuse';
const PHONE = '06 12 34 56 78';

test('link a tablet to my member identity, write from it, then take it back', async ({
	browser
}) => {
	const a = await newPhone(browser);
	const tablet = await newPhone(browser);

	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Metz');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('repairs');
	await a.page.getByLabel('Titre').fill(OFFER);
	await a.page.getByLabel('Téléphone').fill(PHONE);
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByRole('heading', { name: OFFER })).toBeVisible();
	await expectUpToDate(a.page);

	// The tablet asks to be linked: it shows a code (QR and text) and a check code.
	await tablet.page.goto('/');
	await tablet.page
		.getByRole('link', { name: 'J’utilise déjà Quartier sur un autre appareil' })
		.click();
	await expect(
		tablet.page.getByRole('heading', { name: 'Relier cet appareil à mon compte' })
	).toBeVisible();
	const requestCode = await tablet.page.getByTestId('link-request-code').inputValue();
	const check = (await tablet.page.getByTestId('link-check').innerText()).match(/\d{3} \d{3}/)![0];
	await expect(
		tablet.page.getByRole('img', { name: 'Code QR pour relier cet appareil' })
	).toBeVisible();

	// Amélie's phone opens that code as its camera would, and shows the same check code.
	await a.page.goto(requestCode);
	await expect(a.page.getByTestId('link-check')).toContainText(check);
	// A reply code pasted here by mistake is explained, not accepted.
	await a.page.getByLabel('Code du nouvel appareil').fill('bonjour');
	await a.page.getByRole('button', { name: 'Lire le code' }).click();
	await expect(a.page.getByRole('alert')).toHaveText(/n’est pas un code Quartier/);
	await a.page.getByLabel('Code du nouvel appareil').fill(requestCode);
	await a.page.getByRole('button', { name: 'Lire le code' }).click();
	await a.page.getByLabel('Nom que vous donnez à cet appareil').fill('Tablette du salon');
	await a.page.getByRole('button', { name: 'Relier cet appareil' }).click();
	const response = await a.page.getByTestId('link-response').inputValue();
	await expect(a.page.getByTestId('device-list')).toContainText('Tablette du salon');

	// The tablet takes the reply and becomes Amélie, with her board.
	await tablet.page.getByLabel('Code de réponse').fill(response.slice(0, -12));
	await tablet.page.getByRole('button', { name: 'Terminer' }).click();
	await expect(tablet.page.getByRole('alert')).toHaveText(/abîmé ou incomplet/);
	await tablet.page.getByLabel('Code de réponse').fill(response);
	await tablet.page.getByRole('button', { name: 'Terminer' }).click();
	await tablet.page.getByRole('link', { name: BOARD }).click();
	await expect(tablet.page.getByRole('heading', { name: OFFER })).toBeVisible();
	await expectUpToDate(tablet.page);

	// The relay takes the tablet's writes as Amélie's: it edits her post, her phone sees it.
	await tablet.page.getByRole('link', { name: `Modifier « ${OFFER} »` }).click();
	// Her private contact was sealed to her first phone only; her phone resealed it to both.
	await expect(tablet.page.getByLabel('Téléphone')).toHaveValue(PHONE);
	await tablet.page.getByLabel('Titre').fill(`${OFFER} et d’escabeau`);
	await tablet.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expectUpToDate(tablet.page);
	await a.page.goto('/');
	await a.page.getByRole('link', { name: BOARD }).click();
	await expect(a.page.getByRole('heading', { name: `${OFFER} et d’escabeau` })).toBeVisible();

	// Amélie takes the tablet back from her phone: the relay closes it and refuses it.
	await a.page.goto('/devices');
	a.page.once('dialog', (dialog) => dialog.accept());
	await a.page.getByRole('button', { name: 'Retirer Tablette du salon' }).click();
	await expect(a.page.getByTestId('device-list')).toContainText('Retiré le');
	await a.page.goto('/');
	await a.page.getByRole('link', { name: BOARD }).click();
	await expectUpToDate(a.page);
	await expect(tablet.page.getByRole('alert')).toHaveText(/retiré de votre compte/);
	await tablet.page.reload();
	await expect(tablet.page.getByRole('alert')).toHaveText(/retiré de votre compte/);
	// The tablet can start again: forget the identity, then be linked anew.
	await tablet.page.getByRole('link', { name: 'Relier à nouveau cet appareil' }).click();
	tablet.page.once('dialog', (dialog) => dialog.accept());
	await tablet.page
		.getByRole('button', { name: 'Oublier cette identité sur cet appareil' })
		.click();
	await expect(
		tablet.page.getByRole('heading', { name: 'Relier cet appareil à mon compte' })
	).toBeVisible();
	await expect(tablet.page.getByTestId('link-request-code')).not.toHaveValue(requestCode);

	await a.context.close();
	await tablet.context.close();
});
