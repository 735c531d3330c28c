/**
 * No screen scrolls sideways on a small phone (issue 17: the board's Cowork tab was wider than
 * 360 px because of its "Au" date field). One phone at 360×740 makes a board with a post, a
 * space and a slot, then opens every main screen and measures the page's width on each.
 */
import { expect, test } from '@playwright/test';
import { createBoard, createSpace, openMorningSlot } from './board-setup';
import { expectNoSideways } from './no-sideways';
import { expectUpToDate, newPhone, onboard } from './phone';

test.use({ viewport: { width: 360, height: 740 } });

const BOARD = 'Rue des Lilas';
const POST = 'Aide pour remplir les papiers de la CAF';
const SPACE = 'Salon lumineux près de la gare';

test('every main screen fits a 360 px wide phone', async ({ browser }) => {
	const { page, context } = await newPhone(browser);
	await page.setViewportSize({ width: 360, height: 740 });

	// A brand-new user never sees the empty home screen before the welcome screen (watched until
	// the welcome screen shows; after onboarding an empty home is the truth).
	await page.addInitScript(() => {
		const w = window as unknown as { __emptyHomeSeen?: boolean; __welcomed?: boolean };
		new MutationObserver(() => {
			if (location.pathname.startsWith('/welcome')) w.__welcomed = true;
			if (w.__welcomed) return;
			if (document.body?.innerText.includes('Vous n’avez encore aucun tableau'))
				w.__emptyHomeSeen = true;
		}).observe(document, { childList: true, subtree: true, characterData: true });
	});
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Bienvenue sur Quartier' })).toBeVisible();
	const flashed = await page.evaluate(
		() => (window as { __emptyHomeSeen?: boolean }).__emptyHomeSeen
	);
	expect(flashed, 'the empty home screen flashed before the welcome screen').toBeUndefined();
	await onboard(page, 'Amélie');
	await expectNoSideways(page, 'home');

	const { boardPath: board } = await createBoard(page, {
		name: BOARD,
		neighbourhood: 'Bonnevoie'
	});
	await expectNoSideways(page, 'board (Entraide)');

	await page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await expectNoSideways(page, 'new post');
	await page.getByLabel('Catégorie').selectOption('paperwork');
	await page.getByLabel('Titre').fill(POST);
	await page.getByLabel('Description').fill('Je connais bien les formulaires, le mardi soir.');
	await page.getByRole('button', { name: 'Publier' }).click();
	// Publishing goes back to the board, where the post's card links to its page.
	await page.getByRole('link', { name: POST, exact: true }).click();
	await expect(page.getByRole('heading', { name: POST, level: 1 })).toBeVisible();
	// The author, as every card shows a person: name (a link to the profile) and reputation.
	const author = page.getByTestId('person-chip');
	await expect(author.getByRole('link', { name: 'Amélie' })).toBeVisible();
	await expect(author.getByTestId('person-reputation')).toHaveText('Pas encore d’avis');
	await expectNoSideways(page, 'post');

	await page.goto(`${board}/cowork`);
	await expectNoSideways(page, 'board (Cowork)');
	await createSpace(page, board, {
		title: SPACE,
		description: 'Grande table, calme le matin.',
		seats: 2
	});
	await openMorningSlot(page, { inDays: 3, seats: 2 });
	await expect(page.getByTestId('slot')).toHaveCount(1);
	await expectNoSideways(page, 'space');
	await expectUpToDate(page);

	await page.goto(board);
	const memberLink = page.getByRole('region', { name: /Membres/ }).locator('a[href*="/members/"]');
	const me = await memberLink.first().evaluate((a) => (a as HTMLAnchorElement).pathname);
	const screens: [string, string][] = [
		['board with its data', board],
		['board (Cowork) with a space', `${board}/cowork`],
		['cowork', '/cowork'],
		['bookings', '/bookings'],
		['hosting', '/hosting'],
		['profile', '/profile'],
		['settings', '/settings'],
		['me', '/me'],
		['search', '/search'],
		['discover', '/discover'],
		['invite', `${board}/invite`],
		['admin', `${board}/admin`],
		['a 404', '/cette-page-n-existe-pas'],
		['member profile', me]
	];
	for (const [screen, path] of screens) {
		await page.goto(path);
		await expectNoSideways(page, screen);
	}
	await context.close();
});
