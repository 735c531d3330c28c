/** Helpers that drive one "phone" (a browser context with its own IndexedDB and service worker). */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface Phone {
	context: BrowserContext;
	page: Page;
}

export async function newPhone(browser: Browser): Promise<Phone> {
	const context = await browser.newContext();
	const page = await context.newPage();
	page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
	return { context, page };
}

/**
 * First launch: only a display name is asked. Opened from an invite link, the join page first
 * says who invites to which board, with "Continuer" to the welcome screen.
 */
export async function onboard(page: Page, name: string): Promise<void> {
	const welcome = page.getByRole('heading', { name: 'Bienvenue sur Quartier' });
	const proceed = page.getByRole('button', { name: 'Continuer' });
	await expect(welcome.or(proceed)).toBeVisible();
	if (await proceed.isVisible()) await proceed.click();
	await expect(welcome).toBeVisible();
	await page.getByLabel('Votre nom (affiché aux voisins)').fill(name);
	await page.getByRole('button', { name: 'Commencer' }).click();
}

/**
 * Waits until the service worker controls the page, so an offline reload is served from the
 * precache. `serviceworker` events fire before activation, hence the polling (STACK-NOTES).
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

export function syncStatus(page: Page) {
	return page.getByTestId('sync-status').first();
}

export async function expectUpToDate(page: Page): Promise<void> {
	await expect(syncStatus(page)).toHaveText(/À jour/);
	await expect(syncStatus(page)).toHaveAttribute('data-pending', '0');
}
