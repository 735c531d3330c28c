/**
 * The week view of slots (issue 19), on the real relay: a host on a wide screen opens two slots a
 * week apart; the week shows each on its day with its free seats; a guest on a 360×640 phone books
 * one from the week, and both see the seats change; previous / next / "Cette semaine"; the page
 * never scrolls sideways; "Mes réservations" and "Mes accueils" show the same week; in English
 * the headers read in English. Expected day names come from the browser's own Intl, never typed.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectUpToDate, onboard, waitForServiceWorker } from './phone';

const BOARD = 'Rue des Lilas';
const SPACE = 'Salon lumineux';

/** A day `offset` days from today in the browser's zone: its input value and its headers. */
async function dayInfo(page: Page, offset: number) {
	return page.evaluate((offset) => {
		const now = new Date();
		const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, 12);
		const pad = (n: number) => String(n).padStart(2, '0');
		const options = { weekday: 'short', day: 'numeric', month: 'short' } as const;
		return {
			date: `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`,
			fr: new Intl.DateTimeFormat('fr-FR', options).format(day),
			en: new Intl.DateTimeFormat('en-GB', options).format(day)
		};
	}, offset);
}

/** Weeks from this week to the week holding `date` (Monday weeks). */
async function weeksTo(page: Page, date: string): Promise<number> {
	return page.evaluate((date) => {
		const monday = (d: Date) => {
			const m = new Date(d.getFullYear(), d.getMonth(), d.getDate(), 12);
			m.setDate(m.getDate() - ((m.getDay() + 6) % 7));
			return m;
		};
		const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
		const diff = monday(new Date(y, mo - 1, d)).getTime() - monday(new Date()).getTime();
		return Math.round(diff / (7 * 864e5));
	}, date);
}

const day = (page: Page, date: string) =>
	page.locator(`[data-testid=week-day][data-date="${date}"]`);

async function showWeekOf(page: Page, date: string) {
	await page.getByRole('button', { name: /^(Cette semaine|This week)$/ }).click();
	for (let i = await weeksTo(page, date); i > 0; i--) await page.getByTestId('week-next').click();
	await expect(day(page, date)).toBeVisible();
}

async function expectNoSidewaysScroll(page: Page) {
	const widths = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		view: window.innerWidth
	}));
	expect(widths.scroll, `page ${page.url()} scrolls sideways`).toBeLessThanOrEqual(widths.view);
}

test('the week view: slots on their days with free seats, booked from the week, in both languages', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const hostContext = await browser.newContext({
		viewport: { width: 1280, height: 800 },
		isMobile: false,
		hasTouch: false
	});
	const host = await hostContext.newPage();
	const guestContext = await browser.newContext({ viewport: { width: 360, height: 640 } });
	const guest = await guestContext.newPage();

	// Host: a board and a space of 3 seats.
	await host.goto('/');
	await onboard(host, 'Hélène');
	await host.getByRole('link', { name: 'Créer un tableau' }).click();
	await host.getByLabel('Nom du tableau').fill(BOARD);
	await host.getByLabel('Ville').fill('Luxembourg');
	await host.getByLabel('Quartier').fill('Bonnevoie');
	await host.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await host.getByTestId('invite-link').inputValue();
	const board = new URL(host.url()).pathname.replace(/\/invite$/, '');
	await host.getByRole('link', { name: 'Aller au tableau' }).click();
	await waitForServiceWorker(host);
	await host.goto(`${board}/spaces/new`);
	await host.getByLabel('Titre').fill(SPACE);
	await host.getByLabel('Ville').fill('Luxembourg');
	await host.getByLabel('Places', { exact: true }).fill('3');
	await host.getByLabel('Adresse exacte').fill('7, impasse des Tilleuls');
	await host.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(host.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	const space = new URL(host.url()).pathname;

	// Two slots a week apart; the form reads each back in French, and says what is wrong.
	const first = await dayInfo(host, 1);
	const second = await dayInfo(host, 8);
	await host.getByLabel('Date', { exact: true }).fill(first.date);
	await host.getByLabel('Fin', { exact: true }).fill('08:00');
	await expect(host.getByTestId('slot-preview')).toHaveText('La fin doit être après le début.');
	await host.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await expect(host.getByTestId('slot-preview')).toContainText(/^Créneau\s: .*09:00 – 13:00$/);
	await host.getByLabel('Places', { exact: true }).fill('2');
	await host.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(host.getByTestId('slot')).toHaveCount(1);
	await host.getByLabel('Date', { exact: true }).fill(second.date);
	await host.getByRole('button', { name: 'Après-midi 14 h–18 h' }).click();
	await host.getByLabel('Places', { exact: true }).fill('1');
	await host.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(host.getByTestId('slot')).toHaveCount(2);
	await expectUpToDate(host);

	// The host's week: seven columns side by side on a wide screen, each slot on its day.
	await host.getByRole('button', { name: 'Semaine', exact: true }).click();
	await showWeekOf(host, first.date);
	await expect(day(host, first.date).getByTestId('week-day-name')).toHaveText(first.fr);
	const firstSlot = (page: Page) => day(page, first.date).getByTestId('week-slot');
	await expect(firstSlot(host)).toContainText('09:00 – 13:00');
	await expect(firstSlot(host)).toContainText('2 places libres');
	const days = host.getByTestId('week-day');
	await expect(days).toHaveCount(7);
	const [a, b] = [await days.nth(0).boundingBox(), await days.nth(1).boundingBox()];
	expect(b!.x, 'wide screen: days side by side').toBeGreaterThan(a!.x + a!.width - 1);
	expect(b!.y).toBeCloseTo(a!.y, 0);
	// Next week holds the second slot; previous and "Cette semaine" come back.
	await host.getByRole('button', { name: 'Semaine suivante' }).click();
	await expect(day(host, second.date).getByTestId('week-slot')).toContainText('14:00 – 18:00');
	await expect(day(host, second.date).getByTestId('week-slot')).toContainText('1 place libre');
	await expect(day(host, first.date)).toHaveCount(0);
	await host.getByRole('button', { name: 'Semaine précédente' }).click();
	await expect(firstSlot(host)).toBeVisible();
	await host.getByRole('button', { name: 'Cette semaine' }).click();
	await expect(host.getByRole('button', { name: 'Cette semaine' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	// The guest, on a 360 px phone: the week, one day per row, nothing sideways.
	await guest.goto(link);
	await onboard(guest, 'Gaspard');
	await expect(guest.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await guest.goto(space);
	await expect(guest.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	await guest.getByRole('button', { name: 'Semaine', exact: true }).click();
	await showWeekOf(guest, first.date);
	await expectNoSidewaysScroll(guest);
	const slot = firstSlot(guest);
	// Its name says the day, the time and the seats.
	await expect(slot).toHaveAccessibleName(/^\S+ \d+ \S+, 09:00 – 13:00 .*2 places libres/);
	await slot.click();
	await expect(slot).toHaveAttribute('aria-pressed', 'true');
	const detail = guest.getByTestId('week-detail');
	await expect(detail).toBeFocused();
	await detail.getByLabel('Places', { exact: true }).selectOption('1');
	await detail.getByRole('button', { name: 'Demander' }).click();
	await expect(detail.getByTestId('booking-status')).toHaveAttribute('data-status', 'requested');
	await expect(slot.getByTestId('week-slot-mine')).toHaveText(
		/^Ma réservation\s: Demande en attente$/
	);
	await expect(slot.getByTestId('week-slot-seats')).toHaveText('1 place libre');
	await expectUpToDate(guest);
	await expectNoSidewaysScroll(guest);

	// The host sees the seat taken and the request, and confirms it from the week.
	await expect(firstSlot(host).getByTestId('week-slot-seats')).toHaveText('1 place libre');
	await expect(firstSlot(host)).toContainText('1 demande à traiter');
	await firstSlot(host).click();
	await host.getByRole('button', { name: 'Confirmer la demande de Gaspard' }).click();
	await expect(firstSlot(host)).toContainText('1 place confirmée');
	await expect(slot.getByTestId('week-slot-mine')).toHaveText(/^Ma réservation\s: Confirmée$/);

	// The choice is remembered; "Mes réservations" shows the same week, its card on a tap.
	await guest.reload();
	await expect(guest.getByRole('button', { name: 'Semaine', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await guest.goto('/bookings');
	await showWeekOf(guest, first.date);
	const booked = day(guest, first.date).getByTestId('week-slot');
	await expect(booked).toContainText(SPACE);
	await expect(booked.getByTestId('week-slot-mine')).toHaveText(/Confirmée$/);
	await booked.click();
	await expect(
		guest.getByTestId('week-detail').getByTestId('my-booking').getByTestId('booking-status')
	).toHaveAttribute('data-status', 'confirmed');
	await expectNoSidewaysScroll(guest);

	// "Mes accueils": both of the host's slots, each a link to its space.
	await host.goto('/hosting');
	await showWeekOf(host, second.date);
	const hosted = day(host, second.date).getByTestId('week-slot');
	await expect(hosted).toContainText(SPACE);
	await expect(hosted).toHaveAttribute('href', space);

	// In English: the week's headers, its title and the seats read in English.
	await guest.evaluate(() => localStorage.setItem('quartier-locale', 'en'));
	await guest.goto(space);
	await expect(guest.locator('html')).toHaveAttribute('lang', 'en');
	await expect(guest.getByRole('button', { name: 'Week', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await showWeekOf(guest, first.date);
	await expect(day(guest, first.date).getByTestId('week-day-name')).toHaveText(first.en);
	await expect(guest.getByTestId('week-title')).toHaveText(/^Week of /);
	await expect(firstSlot(guest).getByTestId('week-slot-mine')).toHaveText('My booking: Confirmed');
	await expect(firstSlot(guest).getByTestId('week-slot-seats')).toHaveText('1 free seat');
	await expectNoSidewaysScroll(guest);

	await hostContext.close();
	await guestContext.close();
});
