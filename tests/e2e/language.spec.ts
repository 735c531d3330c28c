/**
 * Languages (issue 7): French by default in a French browser, English in an English one; the
 * switch in Réglages reloads the app in the other language and the choice stays on the device.
 */
import { expect, test } from '@playwright/test';
import { newPhone, onboard } from './phone';

test('the language follows the browser, then the choice made in the settings', async ({
	browser
}) => {
	const { context, page } = await newPhone(browser);
	await page.goto('/');
	await onboard(page, 'Amélie');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await page.getByRole('link', { name: 'Réglages' }).click();

	const language = page.getByLabel('Langue / Language');
	await expect(language).toHaveValue('fr');
	await Promise.all([page.waitForEvent('load'), language.selectOption('en')]);
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' })
	).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByLabel('Language / Langue')).toHaveValue('en');

	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'My boards' })).toBeVisible();
	await expect(page.getByText('You have no board yet.')).toBeVisible();

	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me' }).click();
	await page.getByRole('link', { name: 'Settings' }).click();
	await Promise.all([
		page.waitForEvent('load'),
		page.getByLabel('Language / Langue').selectOption('fr')
	]);
	await expect(
		page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Tableaux' })
	).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await context.close();
});

test('an English browser gets English on a first visit', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Welcome to Quartier' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByLabel('Your name (shown to neighbours)').fill('Boris');
	await page.getByRole('button', { name: 'Get started' }).click();
	await expect(page.getByRole('heading', { name: 'My boards' })).toBeVisible();
	await context.close();
});
