/**
 * Home coworking on three phones (issue 3): a host publishes a space and a slot of 2 seats, two
 * guests request a seat; the host, offline, confirms one and declines the other and reloads with
 * no network; back online, each guest sees the right state, the confirmed guest opens the private
 * address and downloads an .ics carrying it, and the declined guest sees the address nowhere.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import {
	expectUpToDate,
	newPhone,
	onboard,
	syncStatus,
	waitForServiceWorker,
	type Phone
} from './phone';

const BOARD = 'Rue des Lilas';
const SPACE = 'Salon lumineux';
// A comma in both: the .ics must escape it ("\,"), the UI must show it as typed.
const ADDRESS = '7, impasse des Tilleuls';
const ACCESS = 'Code 4821B, 2e étage';
/** Fragments of the private details that appear in nothing public (title, city, neighbourhood). */
const SECRETS = ['impasse des Tilleuls', '4821B'];
const DECLINE_REASON = 'Je garde une place pour une amie';

/** RFC 5545 text unfolded (continuation lines start with one space) and unescaped. */
function icsText(raw: string): { unfolded: string; text: string } {
	const unfolded = raw.replace(/\r\n[ \t]/g, '');
	const text = unfolded.replace(/\\([\\;,])/g, '$1').replace(/\\n/gi, '\n');
	return { unfolded, text };
}

async function downloadedText(
	page: Page,
	click: () => Promise<void>
): Promise<Download & { body: string }> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const path = await download.path();
	return Object.assign(download, { body: await readFile(path, 'utf8') });
}

/** The page's rendered text and its whole DOM hold none of the private details. */
async function expectNoSecrets(page: Page): Promise<void> {
	const visible = await page.locator('body').innerText();
	const html = await page.content();
	for (const secret of SECRETS) {
		expect(visible, `"${secret}" in the rendered text of ${page.url()}`).not.toContain(secret);
		expect(html, `"${secret}" in the DOM of ${page.url()}`).not.toContain(secret);
	}
}

test('a host confirms and declines seat requests offline; only the confirmed guest gets the address', async ({
	browser
}) => {
	const host = await newPhone(browser);
	const phones: Phone[] = [host];

	// Host: creates the board and keeps the invite link.
	await host.page.goto('/');
	await onboard(host.page, 'Hélène');
	await host.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await host.page.getByLabel('Nom du tableau').fill(BOARD);
	await host.page.getByLabel('Ville').fill('Luxembourg');
	await host.page.getByLabel('Quartier').fill('Bonnevoie');
	await host.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await host.page.getByTestId('invite-link').inputValue();
	await host.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(host.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await waitForServiceWorker(host.page);

	// Host: publishes a space (3 seats) with its private address.
	await host.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
	await host.page.getByRole('link', { name: 'Proposer mon espace' }).click();
	await host.page.getByLabel('Titre').fill(SPACE);
	await host.page
		.getByLabel('Description')
		.fill('Grande table près de la fenêtre, calme le matin.');
	await host.page.getByLabel('Ville').fill('Luxembourg');
	await host.page.getByLabel('Quartier').fill('Bonnevoie');
	await host.page.getByLabel('Places', { exact: true }).fill('3');
	await host.page.getByLabel('Adresse exacte').fill(ADDRESS);
	await host.page.getByLabel('Instructions d’accès').fill(ACCESS);
	await host.page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(host.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	const spaceUrl = host.page.url();

	// Host: opens a morning slot of 2 seats, three days from now (in the browser's time zone).
	const { date, startUtc } = await host.page.evaluate(() => {
		const now = new Date();
		const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 3);
		const pad = (n: number) => String(n).padStart(2, '0');
		const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 9, 0);
		return {
			date: `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`,
			startUtc: start
				.toISOString()
				.replace(/\.\d{3}Z$/, 'Z')
				.replace(/[-:]/g, '')
		};
	});
	await host.page.getByLabel('Date', { exact: true }).fill(date);
	await host.page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await expect(host.page.getByLabel('Début', { exact: true })).toHaveValue('09:00');
	await expect(host.page.getByLabel('Fin', { exact: true })).toHaveValue('13:00');
	await host.page.getByLabel('Places', { exact: true }).fill('2');
	await host.page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(host.page.getByTestId('slot')).toHaveCount(1);
	await expect(host.page.getByTestId('slot')).toContainText('2 places libres');
	await expectUpToDate(host.page);

	// Two guests join from the invite link and each request one seat.
	const guests: Record<'Gaspard' | 'Théo', Phone> = {} as never;
	for (const name of ['Gaspard', 'Théo'] as const) {
		const guest = await newPhone(browser);
		phones.push(guest);
		guests[name] = guest;
		await guest.page.goto(link);
		await onboard(guest.page, name);
		await expect(guest.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
		await guest.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
		await guest.page.getByRole('link', { name: SPACE }).click();
		await expect(guest.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
		await expect(guest.page.getByTestId('slot')).toHaveCount(1);
		await guest.page.getByLabel('Places', { exact: true }).selectOption('1');
		await guest.page.getByLabel('Message à l’hôte').fill(`Bonjour, ici ${name} !`);
		await guest.page.getByRole('button', { name: 'Demander' }).click();
		const status = guest.page.getByTestId('my-booking-here').getByTestId('booking-status');
		await expect(status).toHaveAttribute('data-status', 'requested');
		await expect(status).toContainText('Demande en attente');
		await expectUpToDate(guest.page);
		await expect(guest.page.getByTestId('booking-unsynced')).toHaveCount(0);
		await expectNoSecrets(guest.page);
	}
	const { Gaspard: confirmed, Théo: declined } = guests;

	// The host sees both requests, then loses the network.
	const row = (name: string) => host.page.getByTestId('host-booking').filter({ hasText: name });
	await expect(host.page.getByTestId('host-booking')).toHaveCount(2);
	await expect(row('Gaspard')).toHaveAttribute('data-status', 'requested');
	await expect(row('Théo')).toHaveAttribute('data-status', 'requested');
	await expect(row('Gaspard')).toContainText('Bonjour, ici Gaspard !');
	await host.context.setOffline(true);
	await expect(host.page.getByTestId('offline-banner')).toBeVisible();

	// Offline: confirm Gaspard, decline Théo with a reason.
	await host.page.getByRole('button', { name: 'Confirmer la demande de Gaspard' }).click();
	await expect(row('Gaspard')).toHaveAttribute('data-status', 'confirmed');
	await host.page.getByRole('button', { name: 'Refuser la demande de Théo' }).click();
	await host.page.getByLabel('Motif du refus (facultatif)').fill(DECLINE_REASON);
	await host.page.getByRole('button', { name: 'Refuser la demande', exact: true }).click();
	await expect(row('Théo')).toHaveAttribute('data-status', 'declined');

	const expectDecisionsOnlyHere = async () => {
		await expect(row('Gaspard')).toHaveAttribute('data-status', 'confirmed');
		await expect(row('Théo')).toHaveAttribute('data-status', 'declined');
		await expect(row('Théo')).toContainText(DECLINE_REASON);
		await expect(host.page.getByTestId('decisions-unsynced')).toBeVisible();
		await expect(syncStatus(host.page)).toHaveText(/seulement sur cet appareil/);
		await expect(syncStatus(host.page)).not.toHaveAttribute('data-pending', '0');
	};
	const expectGuestsStillWaiting = async () => {
		for (const guest of [confirmed, declined]) {
			const status = guest.page.getByTestId('my-booking-here').getByTestId('booking-status');
			await expect(status).toHaveAttribute('data-status', 'requested');
			await expect(status).toContainText('Demande en attente');
			await expect(guest.page.getByRole('button', { name: 'Voir l’adresse' })).toHaveCount(0);
		}
	};
	await expectDecisionsOnlyHere();
	await expectGuestsStillWaiting();

	// The host reloads with no network: the shell from the service worker, decisions from IndexedDB.
	await host.page.reload();
	await expect(host.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	expect(host.page.url()).toBe(spaceUrl);
	await expect(host.page.getByTestId('host-booking')).toHaveCount(2);
	await expectDecisionsOnlyHere();
	await expectGuestsStillWaiting();

	// Back online: the decisions reach the relay, then the guests.
	await host.context.setOffline(false);
	await expectUpToDate(host.page);
	await expect(host.page.getByTestId('decisions-unsynced')).toHaveCount(0);

	// Gaspard: confirmed, and the address opens (decrypted on his device).
	{
		const { page } = confirmed;
		const status = page.getByTestId('my-booking-here').getByTestId('booking-status');
		await expect(status).toHaveAttribute('data-status', 'confirmed');
		await expect(status.getByText('Confirmée', { exact: true })).toBeVisible();
		await expect(page.getByTestId('private-address')).toHaveCount(0);
		await page.getByRole('button', { name: 'Voir l’adresse' }).click();
		const address = page.getByTestId('private-address');
		await expect(address).toContainText(ADDRESS);
		await expect(address).toContainText(ACCESS);
		await expect(page.getByRole('button', { name: 'Masquer l’adresse' })).toBeVisible();
	}

	// Théo: declined with the host's reason; no address button, and the address is nowhere.
	{
		const { page } = declined;
		const status = page.getByTestId('my-booking-here').getByTestId('booking-status');
		await expect(status).toHaveAttribute('data-status', 'declined');
		await expect(status).toContainText('Refusée');
		await expect(status).toContainText(DECLINE_REASON);
		await expect(page.getByRole('button', { name: 'Voir l’adresse' })).toHaveCount(0);
		await expect(page.getByTestId('private-address')).toHaveCount(0);
		await expectNoSecrets(page);

		// One way back, the top bar's "Retour": the page keeps no link of its own to the cowork.
		await expect(page.locator('main a[href$="/cowork"]')).toHaveCount(0);
		await page.getByTestId('top-back').click();
		await expect(page.getByRole('link', { name: 'Cowork de ce tableau' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expect(page.getByTestId('cowork-slot').filter({ hasText: SPACE })).toBeVisible();
		await expectNoSecrets(page);

		await page
			.getByRole('navigation', { name: 'Principal' })
			.getByRole('link', { name: 'Réservations' })
			.click();
		await expect(page.getByRole('heading', { name: 'Mes réservations', level: 1 })).toBeVisible();
		const card = page.getByTestId('my-booking').filter({ hasText: SPACE });
		await expect(card.getByTestId('booking-status')).toHaveAttribute('data-status', 'declined');
		await expectNoSecrets(page);
		// Whatever calendar file this page offers, none may carry the address.
		const offers = page.getByRole('button', { name: /\.ics/ });
		for (let i = 0; i < (await offers.count()); i++) {
			const file = await downloadedText(page, () => offers.nth(i).click());
			const { unfolded, text } = icsText(file.body);
			for (const secret of SECRETS) {
				expect(unfolded).not.toContain(secret);
				expect(text).not.toContain(secret);
			}
		}
	}

	// Gaspard downloads his booking as .ics from "Mes réservations": confirmed, with the address.
	{
		const { page } = confirmed;
		await page
			.getByRole('navigation', { name: 'Principal' })
			.getByRole('link', { name: 'Réservations' })
			.click();
		await expect(page.getByRole('heading', { name: 'Mes réservations', level: 1 })).toBeVisible();
		const card = page.getByTestId('my-booking').filter({ hasText: SPACE });
		await expect(card.getByTestId('booking-status')).toHaveAttribute('data-status', 'confirmed');
		await expect(card.getByText('Confirmée', { exact: true })).toBeVisible();

		const one = await downloadedText(page, () =>
			card.getByRole('button', { name: new RegExp(`^Télécharger \\(\\.ics\\).*${SPACE}`) }).click()
		);
		expect(one.suggestedFilename()).toMatch(/\.ics$/);
		const { unfolded, text } = icsText(one.body);
		expect(unfolded).toMatch(/^BEGIN:VCALENDAR\r?\n/);
		expect(unfolded).toContain('END:VCALENDAR');
		expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
		expect(unfolded).toContain(`SUMMARY:Coworking\u00a0: ${SPACE}`);
		expect(unfolded).toContain('STATUS:CONFIRMED');
		expect(unfolded).toContain(`DTSTART:${startUtc}`);
		// Commas are escaped in iCalendar TEXT.
		expect(unfolded).toContain(`LOCATION:${ADDRESS.replace(/,/g, '\\,')}`);
		expect(text).toContain(`Accès\u00a0: ${ACCESS}`);
		await expect(page.getByRole('status').filter({ hasText: 'Fichier .ics prêt' })).toBeVisible();

		// The export of all upcoming bookings holds the same confirmed event.
		const all = await downloadedText(page, () =>
			page.getByRole('button', { name: 'Exporter mes réservations à venir (.ics)' }).click()
		);
		const exported = icsText(all.body);
		expect(exported.unfolded).toContain('STATUS:CONFIRMED');
		expect(exported.unfolded).toContain(`LOCATION:${ADDRESS.replace(/,/g, '\\,')}`);
	}

	for (const phone of phones) await phone.context.close();
});
