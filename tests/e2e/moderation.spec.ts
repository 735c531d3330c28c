/** An admin removes a member: the member's posts disappear and the relay shuts them out. */
import { expect, test } from '@playwright/test';
import { expectUpToDate, newPhone, onboard, syncStatus } from './phone';

test('an admin removes a member; their posts vanish and the relay refuses them', async ({
	browser
}) => {
	const a = await newPhone(browser);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.goto('/boards/new');
	await a.page.getByLabel('Nom du tableau').fill('Rue des Lilas');
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await a.page.getByTestId('invite-link').inputValue();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();

	const b = await newPhone(browser);
	await b.page.goto(link);
	await onboard(b.page, 'Boris');
	await b.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await b.page.getByLabel('Titre').fill('Annonce douteuse');
	await b.page.getByRole('button', { name: 'Publier' }).click();
	await expectUpToDate(b.page);
	await expect(a.page.getByRole('heading', { name: 'Annonce douteuse' })).toBeVisible();

	// Hiding a post is behind its "⋯" menu, by keyboard: Space opens it, Escape closes it back
	// onto "⋯", Enter opens it again with focus on the item, which opens the reason in its field.
	await a.page.getByRole('link', { name: 'Annonce douteuse', exact: true }).click();
	const menuButton = a.page.getByRole('button', { name: /^Plus d’actions\s:\sAnnonce douteuse$/ });
	await menuButton.focus();
	await a.page.keyboard.press('Space');
	await expect(a.page.getByRole('menuitem', { name: 'Masquer l’annonce…' })).toBeFocused();
	await a.page.keyboard.press('Escape');
	await expect(a.page.getByRole('menu')).toHaveCount(0);
	await expect(menuButton).toBeFocused();
	await a.page.keyboard.press('Enter');
	await a.page.keyboard.press('Enter');
	const reason = a.page.getByLabel(/^Motif du masquage/);
	await expect(reason).toBeFocused();
	// Still confirmed: no reason, no hiding.
	await a.page.getByRole('button', { name: 'Masquer l’annonce' }).click();
	await expect(a.page.getByText('Merci d’indiquer un motif', { exact: false })).toBeVisible();
	await reason.fill('Hors sujet pour ce tableau');
	await reason.press('Enter');
	const showAgain = a.page.getByRole('button', { name: 'Afficher à nouveau' });
	await expect(showAgain).toBeFocused();
	await expect(a.page.getByTestId('post-hidden')).toContainText('Hors sujet pour ce tableau');
	await expectUpToDate(a.page);
	// Boris, its author, still sees his post and why it was hidden; he has nothing to report.
	await b.page.getByRole('link', { name: 'Annonce douteuse', exact: true }).click();
	await expect(b.page.getByTestId('post-hidden')).toContainText('Hors sujet pour ce tableau');
	await expect(b.page.getByRole('button', { name: /^Plus d’actions/ })).toHaveCount(0);
	// The way back stays in view for the admin; the menu returns with the post.
	await showAgain.click();
	await expect(a.page.getByTestId('post-hidden')).toHaveCount(0);
	await expect(menuButton).toBeFocused();
	await expect(b.page.getByTestId('post-hidden')).toHaveCount(0);
	await a.page.goBack();
	await b.page.goBack();

	// Only the admin sees a remove action (in the member's "⋯" menu), and never for themselves.
	await expect(
		b.page.getByRole('button', { name: /Plus d’actions\s:\s(Boris|Amélie)/ })
	).toHaveCount(0);
	await expect(a.page.getByRole('button', { name: /Plus d’actions\s:\sAmélie/ })).toHaveCount(0);
	await a.page.getByRole('button', { name: /^Plus d’actions\s:\sBoris$/ }).click();
	await a.page.getByRole('menuitem', { name: 'Retirer' }).click();
	await a.page.getByRole('dialog').getByRole('button', { name: 'Retirer' }).click();
	await expect(a.page.getByRole('heading', { name: 'Annonce douteuse' })).toHaveCount(0);
	await expect(a.page.getByText('retiré·e', { exact: true })).toBeVisible();
	await expectUpToDate(a.page);

	await expect(syncStatus(b.page)).toHaveText(/Retiré du tableau/);
	await expect(b.page.getByRole('alert')).toContainText('Un admin a mis fin à votre accès');
	// A reload does not get Boris back in.
	await b.page.reload();
	await expect(syncStatus(b.page)).toHaveText(/Retiré du tableau/);
	await a.context.close();
	await b.context.close();
});
