/**
 * Invites that say what they are (issue 17), on three phones: the signed card read before
 * onboarding, the question asked of someone who already uses Quartier, "Partager" falling back to
 * copying where there is no share sheet, and a revoked link refused in words while the member who
 * joined with it keeps working.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectUpToDate, newPhone, onboard, syncStatus, type Phone } from './phone';

const BOARD = 'Rue des Lilas';

async function createBoard(page: Page): Promise<string> {
	await page.goto('/boards/new');
	await page.getByLabel('Nom du tableau').fill(BOARD);
	await page.getByLabel('Ville').fill('Lyon');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	// The card is signed on the page: wait for it to be in the link.
	await expect(page.getByTestId('invite-link')).toHaveAttribute('data-card', 'signed');
	return page.getByTestId('invite-link').inputValue();
}

async function post(page: Page, title: string): Promise<void> {
	await page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await page.getByLabel('Titre').fill(title);
	await page.getByRole('button', { name: 'Publier' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

test('the card before onboarding, and a question for someone who already uses Quartier', async ({
	browser
}) => {
	const phones: Phone[] = [];
	const a = await newPhone(browser);
	phones.push(a);
	await a.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	const link = await createBoard(a.page);
	expect(link).toContain('card=');

	// Headless Chromium has no share sheet: "Partager" copies the link.
	await a.page.getByRole('button', { name: 'Partager' }).click();
	await expect(a.page.getByText('Lien copié.')).toBeVisible();
	expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe(link);

	// Bruno has no identity yet: the card's words, then the welcome screen, then the board.
	const b = await newPhone(browser);
	phones.push(b);
	await b.page.goto(link);
	await expect(
		b.page.getByRole('heading', { name: 'Amélie vous invite à rejoindre Rue des Lilas (Lyon)' })
	).toBeVisible();
	await onboard(b.page, 'Bruno');
	await expect(b.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await expectUpToDate(b.page);
	// Already a member with that link: straight to the board.
	await b.page.goto(link);
	await expect(b.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();

	// Chloé already uses Quartier: she is asked, and "Annuler" adds nothing.
	const c = await newPhone(browser);
	phones.push(c);
	await c.page.goto('/');
	await onboard(c.page, 'Chloé');
	await c.page.goto(link);
	await expect(c.page.getByRole('heading', { name: 'Rejoindre Rue des Lilas ?' })).toBeVisible();
	await expect(
		c.page.getByText('Amélie vous invite à rejoindre Rue des Lilas (Lyon)')
	).toBeVisible();
	await c.page.getByRole('link', { name: 'Annuler' }).click();
	await expect(c.page.getByRole('link', { name: BOARD })).toHaveCount(0);
	await c.page.goto(link);
	await c.page.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(c.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await expectUpToDate(c.page);

	// A link whose card was tampered with still works, without the card's words.
	const d = await newPhone(browser);
	phones.push(d);
	const tampered = link.replace(/card=([A-Za-z0-9_-]{10})/, 'card=AAAAAAAAAA');
	await d.page.goto(tampered);
	await expect(
		d.page.getByRole('heading', { name: 'Vous avez reçu une invitation à rejoindre un tableau' })
	).toBeVisible();
	for (const phone of phones) await phone.context.close();
});

test('a revoked link lets nobody new in, in words, while the member who joined with it keeps working', async ({
	browser
}) => {
	const phones: Phone[] = [];
	const a = await newPhone(browser);
	phones.push(a);
	await a.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await createBoard(a.page);

	// A named link, for the bakery's poster.
	await a.page.getByLabel('Nom du lien').fill('Affiche de la boulangerie');
	await a.page.getByRole('button', { name: 'Créer le lien' }).click();
	const row = a.page
		.getByTestId('invite-link-row')
		.filter({ hasText: 'Affiche de la boulangerie' });
	await expect(row).toHaveAttribute('data-standing', 'live');
	await row.getByRole('button', { name: 'Copier ce lien' }).click();
	await expect(a.page.getByText('Lien copié.')).toBeVisible();
	const poster = await a.page.evaluate(() => navigator.clipboard.readText());
	expect(poster).toContain('/join#board=');
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expectUpToDate(a.page);

	const b = await newPhone(browser);
	phones.push(b);
	await b.page.goto(poster);
	await onboard(b.page, 'Bruno');
	await expect(b.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await post(b.page, 'Perceuse à prêter');
	await expectUpToDate(b.page);

	// The admin sees one person joined with it, then revokes it.
	await a.page.getByRole('link', { name: 'Inviter un voisin' }).click();
	await expect(row.getByTestId('invite-link-joined')).toHaveText('1 personne a rejoint');
	await row.getByRole('button', { name: /^Révoquer/ }).click();
	await expect(row).toHaveAttribute('data-standing', 'revoked');
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expectUpToDate(a.page);

	// Someone new with the revoked link is told so, and offered nothing on the board.
	const d = await newPhone(browser);
	phones.push(d);
	await d.page.goto(poster);
	await onboard(d.page, 'Dana');
	await expect(d.page.getByTestId('invite-revoked')).toContainText(
		'Ce lien d’invitation a été révoqué'
	);
	await expect(syncStatus(d.page)).toHaveText(/Lien d’invitation révoqué/);
	await expect(d.page.getByRole('link', { name: 'Nouvelle annonce' })).toHaveCount(0);
	await expect(d.page.getByRole('heading', { name: 'Perceuse à prêter' })).toHaveCount(0);

	// Bruno joined with it: he reconnects and writes as before, and Amélie sees it.
	await b.page.reload();
	await expectUpToDate(b.page);
	await post(b.page, 'Escabeau à prêter');
	await expectUpToDate(b.page);
	await expect(a.page.getByRole('heading', { name: 'Escabeau à prêter' })).toBeVisible();
	for (const phone of phones) await phone.context.close();
});
