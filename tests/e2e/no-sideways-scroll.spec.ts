/**
 * No screen scrolls sideways on a small phone (issue 17: the board's Cowork tab was wider than
 * 360 px because of its "Au" date field). One phone at 360×740 makes a board with a post, a
 * space and a slot, then opens every main screen and measures the page's width on each.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectUpToDate, newPhone, onboard } from './phone';

test.use({ viewport: { width: 360, height: 740 } });

const BOARD = 'Rue des Lilas';
const POST = 'Aide pour remplir les papiers de la CAF';
const SPACE = 'Salon lumineux près de la gare';

async function expectNoSideways(page: Page, screen: string): Promise<void> {
	// Layout settles after the data loads: measure once the main content is there.
	await expect(page.locator('main h1').first()).toBeVisible();
	const { width, culprits } = await page.evaluate(() => {
		// The innermost elements that stick out on the right: named in the failure message.
		const out = [...document.body.querySelectorAll('*')].filter(
			(el) => el.getBoundingClientRect().right > 360.5
		);
		const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
		return {
			width: document.documentElement.scrollWidth,
			culprits: innermost.slice(0, 5).map((el) => `${name(el.parentElement!)} > ${name(el)}`)
		};
	});
	expect(
		width,
		`${screen} (${page.url()}) is ${width} px wide: ${culprits.join(', ')}`
	).toBeLessThanOrEqual(360);
}

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

	await page.getByRole('link', { name: 'Créer un tableau' }).click();
	await page.getByLabel('Nom du tableau').fill(BOARD);
	await page.getByLabel('Ville').fill('Luxembourg');
	await page.getByLabel('Quartier').fill('Bonnevoie');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	await expect(page.getByTestId('invite-link')).toBeVisible();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	const board = new URL(page.url()).pathname;
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
	await page.getByRole('link', { name: 'Proposer mon espace' }).click();
	await page.getByLabel('Titre').fill(SPACE);
	await page.getByLabel('Description').fill('Grande table, calme le matin.');
	await page.getByLabel('Ville').fill('Luxembourg');
	await page.getByLabel('Places', { exact: true }).fill('2');
	await page.getByLabel('Adresse exacte').fill('7, impasse des Tilleuls');
	await page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	const date = await page.evaluate(() => {
		const day = new Date(Date.now() + 3 * 24 * 3_600_000);
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
	});
	await page.getByLabel('Date', { exact: true }).fill(date);
	await page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await page.getByLabel('Places', { exact: true }).fill('2');
	await page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
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
