/** Board lifecycle on one phone: search across boards, a forged invite, leaving a board. */
import { expect, test, type Page } from '@playwright/test';
import { BOARD_LIMITS } from '../../src/lib/domain/board/validate';
import { MEMBER_LIMITS } from '../../src/lib/domain/members/validate';
import { expectUpToDate, newPhone, onboard, syncStatus } from './phone';

async function createBoard(page: Page, name: string, city: string): Promise<string> {
	await page.goto('/boards/new');
	await page.getByLabel('Nom du tableau').fill(name);
	await page.getByLabel('Ville').fill(city);
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await page.getByTestId('invite-link').inputValue();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	return link;
}

async function post(page: Page, title: string, category: string): Promise<void> {
	await page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await page.getByLabel('Catégorie').selectOption(category);
	await page.getByLabel('Titre').fill(title);
	await page.getByRole('button', { name: 'Publier' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

test('search all my boards, validation messages, and leaving a board', async ({ browser }) => {
	const { context, page } = await newPhone(browser);
	await page.goto('/');
	// The profile's name and bio count too, up to the members' limits: nothing cut silently.
	const myName = page.getByLabel('Votre nom (affiché aux voisins)');
	await myName.fill('Chloé');
	await expect(myName).toHaveAccessibleDescription(
		new RegExp(`5 caractères sur ${MEMBER_LIMITS.name}`)
	);
	const bio = page.getByLabel(/^Quelques mots sur vous/);
	await bio.fill('b'.repeat(MEMBER_LIMITS.bio));
	await bio.press('x');
	await expect(bio).toHaveValue('b'.repeat(MEMBER_LIMITS.bio));
	await expect(page.locator('#member-bio-count')).toContainText(
		new RegExp(`${MEMBER_LIMITS.bio} / ${MEMBER_LIMITS.bio}.*Limite atteinte`)
	);
	await bio.fill('');
	await onboard(page, 'Chloé');
	await expect(page.getByText('Vous n’avez encore aucun tableau.')).toBeVisible();

	// Validation speaks plain French and keeps what was typed.
	await page.goto('/boards/new');
	await page.getByLabel('Nom du tableau').fill('Gare');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	await expect(page.getByText('Merci d’indiquer la ville.')).toBeVisible();
	await expect(page.getByLabel('Nom du tableau')).toHaveValue('Gare');

	// A field with a limit counts as you type, warns near the end and says when it stops taking
	// more: nothing is cut without a word (the limit is the domain's).
	const name = page.getByLabel('Nom du tableau');
	const max = BOARD_LIMITS.name;
	const counter = page.locator('#board-name-count');
	const spoken = page.getByTestId('char-counter-live').first();
	await expect(counter).toContainText(`4 / ${max}`);
	await expect(name).toHaveAccessibleDescription(new RegExp(`4 caractères sur ${max}`));
	await name.fill('G'.repeat(max - 3));
	await expect(counter).toContainText(`${max - 3} / ${max}`);
	await expect(spoken).toHaveText(/Plus que 3 caractères/);
	await name.pressSequentially('abcdef');
	await expect(name).toHaveValue('G'.repeat(max - 3) + 'abc');
	await expect(counter).toContainText(`${max} / ${max}`);
	await expect(counter).toContainText(/Limite atteinte\s: \d+ caractères au plus/);
	await expect(spoken).toHaveText(/Limite atteinte/);
	await name.fill('Gare');
	await expect(counter).not.toContainText('Limite atteinte');

	await createBoard(page, 'Quartier Gare', 'Luxembourg');
	await post(page, 'Réparer un vélo', 'repairs');
	await createBoard(page, 'Village de Hesperange', 'Hesperange');
	await post(page, 'Vélo enfant à donner', 'other');
	await post(page, 'Cours de cuisine', 'cooking');

	await page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Chercher' })
		.click();
	await page.getByLabel('Mots-clés').fill('velo');
	const results = page.getByTestId('search-result');
	await expect(results).toHaveCount(2);
	await expect(results.filter({ hasText: 'Quartier Gare' })).toContainText('Réparer un vélo');
	await expect(results.filter({ hasText: 'Village de Hesperange' })).toContainText(
		'Vélo enfant à donner'
	);
	await page.getByLabel('Catégorie').selectOption('repairs');
	await expect(results).toHaveCount(1);

	// Leaving asks first, then forgets the board on this device.
	await page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Tableaux' })
		.click();
	await expect(page.locator('main').getByRole('listitem')).toHaveCount(2);
	await page.getByRole('link', { name: 'Quartier Gare' }).click();
	await expectUpToDate(page);
	// Leaving is behind the board's "⋯" menu, never a button of the main screen.
	await expect(page.getByRole('button', { name: 'Quitter ce tableau' })).toHaveCount(0);
	const menu = page.getByRole('button', { name: /^Plus d’actions\s:\sQuartier Gare$/ });
	await menu.click();
	await page.getByRole('menuitem', { name: 'Quitter ce tableau' }).click();
	const dialog = page.getByRole('dialog', { name: 'Quitter ce tableau ?' });
	await dialog.getByRole('button', { name: 'Annuler' }).click();
	await expect(dialog).toBeHidden();
	// Focus is back on "⋯" once the dialog is gone; the keyboard opens the menu again.
	await expect(menu).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('menuitem', { name: 'Quitter ce tableau' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('menu')).toHaveCount(0);
	await expect(menu).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await dialog.getByRole('button', { name: 'Quitter' }).click();
	await expect(page.getByRole('heading', { name: 'Mes tableaux' })).toBeVisible();
	await expect(page.locator('main').getByRole('listitem')).toHaveCount(1);
	await page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Chercher' })
		.click();
	await page.getByLabel('Mots-clés').fill('velo');
	await expect(results).toHaveCount(1);
	await context.close();
});

test('an invite with a wrong secret is refused by the relay and shows it', async ({ browser }) => {
	const a = await newPhone(browser);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	const link = await createBoard(a.page, 'Rue privée', 'Esch');
	await post(a.page, 'Secret du voisinage', 'other');
	await expectUpToDate(a.page);

	const b = await newPhone(browser);
	const forged = link.replace(/key=[\w-]+/, `key=${'A'.repeat(44)}`);
	await b.page.goto(forged);
	await onboard(b.page, 'Intrus');
	await expect(syncStatus(b.page)).toHaveText(/Accès refusé/);
	await expect(b.page.getByText('Secret du voisinage')).toHaveCount(0);
	await a.context.close();
	await b.context.close();
});

test('a broken invite link explains itself', async ({ browser }) => {
	const { context, page } = await newPhone(browser);
	await page.goto('/join#board=abc');
	await expect(page.getByRole('alert')).toContainText(
		'Ce lien d’invitation est incomplet ou abîmé'
	);
	await context.close();
});
