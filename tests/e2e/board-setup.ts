/**
 * Making a board, a space and its slots through the app's own screens, as a person would: the
 * steps several specs and the README screenshots start from, written once. Each helper waits
 * until its screen shows the result, and returns the addresses the caller goes on with.
 */
import { expect, type Page } from '@playwright/test';

export interface NewBoard {
	name: string;
	city?: string;
	neighbourhood?: string;
}

/**
 * From the home screen of an onboarded phone: creates the board and opens it. Returns its
 * invite link and its path (`/b/<id>`).
 */
export async function createBoard(
	page: Page,
	{ name, city = 'Luxembourg', neighbourhood }: NewBoard
): Promise<{ link: string; boardPath: string }> {
	await page.getByRole('link', { name: 'Créer un tableau' }).click();
	await page.getByLabel('Nom du tableau').fill(name);
	await page.getByLabel('Ville').fill(city);
	if (neighbourhood) await page.getByLabel('Quartier').fill(neighbourhood);
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await page.getByTestId('invite-link').inputValue();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	// The board's address once the board shows, not the invite page's still in the bar.
	await expect(page).toHaveURL(/\/b\/[^/]+$/);
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
	return { link, boardPath: new URL(page.url()).pathname };
}

export interface NewSpace {
	title: string;
	description?: string;
	city?: string;
	seats: number;
	address?: string;
}

/** Publishes a space on the board (its host is this phone) and stays on its page: its path. */
export async function createSpace(
	page: Page,
	boardPath: string,
	{ title, description, city = 'Luxembourg', seats, address = '7, impasse des Tilleuls' }: NewSpace
): Promise<string> {
	await page.goto(`${boardPath}/spaces/new`);
	await page.getByLabel('Titre').fill(title);
	if (description) await page.getByLabel('Description').fill(description);
	await page.getByLabel('Ville').fill(city);
	await page.getByLabel('Places', { exact: true }).fill(String(seats));
	await page.getByLabel('Adresse exacte').fill(address);
	await page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	return new URL(page.url()).pathname;
}

/**
 * On its space's page, the host opens a morning slot `inDays` calendar days from today (the
 * phone's own calendar, so a DST change in between moves nothing). The caller counts the slots.
 */
export async function openMorningSlot(
	page: Page,
	{ inDays, seats }: { inDays: number; seats: number }
): Promise<void> {
	const date = await page.evaluate((days) => {
		const now = new Date();
		const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
	}, inDays);
	await page.getByLabel('Date', { exact: true }).fill(date);
	await page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await page.getByLabel('Places', { exact: true }).fill(String(seats));
	await page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
}
