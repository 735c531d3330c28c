/**
 * Phone screenshots of a lived-in board, in French, for the README and the web app manifest
 * (static/screenshots/, 1082×2202: Playwright's Pixel 7 at its device pixel ratio). Two phones
 * make the content through the app itself: a board with offers and requests, a space with photos
 * and slots, a seat booked.
 */
import { expect, test, type Page } from '@playwright/test';
import { createBoard, createSpace, openMorningSlot } from '../e2e/board-setup';
import { expectUpToDate, newPhone, onboard } from '../e2e/phone';
import { cameraJpeg } from '../e2e/photo-fixtures';

const OUT = 'static/screenshots';
const BOARD = 'Rue des Lilas';
let boardPath = '/';

async function shoot(page: Page, name: string): Promise<void> {
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
	await page.screenshot({ path: `${OUT}/${name}.png` });
}

async function post(
	page: Page,
	kind: 'Je propose' | 'Je cherche',
	category: string,
	title: string,
	text: string
) {
	await page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await page.getByLabel(kind).check();
	await page.getByLabel('Catégorie').selectOption(category);
	await page.getByLabel('Titre').fill(title);
	await page.getByLabel('Description').fill(text);
	await page.getByRole('button', { name: 'Publier' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	await page.goto(boardPath);
}

test('README and manifest screenshots', async ({ browser }) => {
	const host = await newPhone(browser);
	await host.page.goto('/');
	await onboard(host.page, 'Hélène');
	const { link, boardPath: path } = await createBoard(host.page, { name: BOARD });
	boardPath = path;

	const guest = await newPhone(browser);
	await guest.page.goto(link);
	await onboard(guest.page, 'Gaspard');
	await expect(guest.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await post(
		guest.page,
		'Je cherche',
		'paperwork',
		'Aide pour ma déclaration d’impôts',
		'Première déclaration en ligne, je ne sais pas par où commencer. Une heure un soir de semaine ?'
	);
	await post(
		host.page,
		'Je propose',
		'diy',
		'Perceuse et coup de main pour fixer une étagère',
		'J’ai une perceuse à percussion et des chevilles pour tous les murs.'
	);
	await post(
		host.page,
		'Je propose',
		'computing',
		'Dépannage informatique',
		'Imprimante, sauvegardes, téléphone neuf à configurer : je passe chez vous.'
	);
	await post(
		guest.page,
		'Je propose',
		'cooking',
		'Cours de cuisine végétarienne',
		'Le samedi midi, pour deux ou trois voisins, dans ma cuisine.'
	);
	await host.page.goto(boardPath);
	await expectUpToDate(host.page);
	await expect(host.page.getByText('Cours de cuisine végétarienne')).toBeVisible();
	await shoot(host.page, 'board');

	// A space with two photos and slots this week and next.
	const spaceUrl = await createSpace(host.page, boardPath, {
		title: 'Salon lumineux près du parc',
		description: 'Grande table, wifi rapide, thé et café. Calme le matin.',
		seats: 3
	});
	await host.page.getByTestId('photo-input').setInputFiles([
		{
			name: 'salon.jpg',
			mimeType: 'image/jpeg',
			buffer: cameraJpeg('gradients', '1280x960')
		},
		{
			name: 'table.jpg',
			mimeType: 'image/jpeg',
			buffer: cameraJpeg('gradients', '1200x900')
		}
	]);
	await expect(host.page.getByTestId('photo-status')).toHaveText(/Photos ajoutées\s:\s2/);
	for (const inDays of [1, 2, 4]) await openMorningSlot(host.page, { inDays, seats: 3 });
	await expect(host.page.getByTestId('slot')).toHaveCount(3);
	await expectUpToDate(host.page);

	await guest.page.goto(spaceUrl);
	await expect(guest.page.getByTestId('slot')).toHaveCount(3);
	await guest.page.getByTestId('slot').first().getByRole('button', { name: 'Demander' }).click();
	await expectUpToDate(guest.page);
	await guest.page.getByTestId('view-switch').getByRole('button').nth(0).click();
	await expect(guest.page.getByTestId('week-calendar')).toBeVisible();
	await guest.page.goto(spaceUrl);
	await expect(guest.page.locator('main img').first()).toBeVisible();
	await guest.page.evaluate(() => window.scrollTo(0, 0));
	await shoot(guest.page, 'space');
	// The week from its switch down, just under the top bar.
	await guest.page.getByTestId('view-switch').evaluate((switches) => {
		switches.scrollIntoView({ block: 'start' });
		window.scrollBy(0, -72);
	});
	await shoot(guest.page, 'week');

	await host.page.goto(`${boardPath}/invite`);
	await expect(host.page.getByTestId('invite-link')).not.toHaveValue('');
	await shoot(host.page, 'invite');
});
