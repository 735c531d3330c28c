/**
 * Being told (issue 17), in the app: the service worker's push handling through Chromium's
 * DevTools protocol (a contract payload becomes a notification; a tap opens its page; a bad
 * payload shows nothing), and the in-app counters on three phones (a seat request and a help
 * request reach the host's home screen within a second of sync, show offline from local data,
 * and "Quoi de neuf" clears the unseen ones but keeps the open request counted).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectUpToDate, newPhone, onboard, waitForServiceWorker, type Phone } from './phone';

const BOARD = 'Rue des Lilas';
const OFFER = 'Montage de meubles';
const SPACE = 'Salon lumineux';
const REASON_LABEL = 'Motif de l’annulation';

async function createBoard(page: Page, name: string): Promise<{ link: string; boardId: string }> {
	await page.getByRole('link', { name: 'Créer un tableau' }).click();
	await page.getByLabel('Nom du tableau').fill(name);
	await page.getByLabel('Ville').fill('Luxembourg');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await page.getByTestId('invite-link').inputValue();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
	const boardId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
	return { link, boardId };
}

/** The worker's handlers (static/push-handler.js keeps them on `self.quartierPush`). */
interface WorkerScope {
	registration: ServiceWorkerRegistration;
	quartierPush: {
		onNotificationClick(event: {
			notification: Notification;
			waitUntil(p: Promise<unknown>): void;
		}): void;
	};
}

test('a push becomes a notification, a tap opens its page, a bad payload shows nothing', async ({
	browser
}) => {
	const phone = await newPhone(browser);
	const { context, page } = phone;
	await page.goto('/');
	await onboard(page, 'Hélène');
	const { boardId } = await createBoard(page, BOARD);
	await waitForServiceWorker(page);
	const origin = new URL(page.url()).origin;
	await context.grantPermissions(['notifications'], { origin });

	const cdp = await context.newCDPSession(page);
	const registrationId = new Promise<string>((resolve) => {
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
			const live = registrations.find((r) => !r.isDeleted && r.scopeURL.startsWith(origin));
			if (live) resolve(live.registrationId);
		});
	});
	await cdp.send('ServiceWorker.enable');
	const id = await registrationId;
	const notifications = () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return (await registration.getNotifications()).map((n) => ({
				title: n.title,
				body: n.body,
				tag: n.tag,
				path: (n.data as { path?: string } | null)?.path
			}));
		});

	// Not the contract's shape: nothing is shown, and the worker keeps working.
	for (const data of ['not json', JSON.stringify({ v: 2, title: 'x' })]) {
		await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data });
	}
	const path = `/b/${encodeURIComponent(boardId)}/news`;
	const payload = {
		v: 1,
		title: 'Quartier',
		body: `Nouvelle demande sur ${BOARD}`,
		path,
		tag: `${boardId}:help-request`
	};
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin,
		registrationId: id,
		data: JSON.stringify(payload)
	});
	await expect
		.poll(notifications)
		.toEqual([{ title: 'Quartier', body: payload.body, tag: payload.tag, path }]);

	// Opting in from Réglages: this headless Chromium reaches no push service, and says so in
	// words while the rest of the page keeps working.
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Activer les notifications' }).click();
	await expect(page.getByTestId('push-status')).toHaveText(
		'Les notifications ne peuvent pas être activées sur cet appareil pour le moment.'
	);
	await expect(page.getByRole('button', { name: 'Exporter toutes mes données' })).toBeEnabled();

	// The tap: the handler the worker registered for `notificationclick`, given the notification
	// Chromium shows (headless Chromium has no notification to click).
	const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
	await worker.evaluate(async (tag) => {
		const scope = globalThis as unknown as WorkerScope;
		const [notification] = await scope.registration.getNotifications({ tag });
		let done: Promise<unknown> = Promise.resolve();
		scope.quartierPush.onNotificationClick({
			notification: notification!,
			waitUntil: (p) => {
				done = p;
			}
		});
		await done;
	}, payload.tag);
	await expect(page).toHaveURL(new RegExp(`${path}$`));
	await expect(page.getByRole('heading', { name: /Quoi de neuf/, level: 1 })).toBeVisible();
	// The tap closed it.
	await expect.poll(notifications).toEqual([]);
	await context.close();
});

test('what waits shows on the host’s home screen, offline too, and Quoi de neuf clears the unseen', async ({
	browser
}) => {
	const host = await newPhone(browser);
	const phones: Phone[] = [host];
	await host.page.goto('/');
	await onboard(host.page, 'Hélène');
	const { link } = await createBoard(host.page, BOARD);
	await waitForServiceWorker(host.page);

	// The host offers help and opens a seat.
	await host.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await expect(
		host.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })
	).toBeVisible();
	await host.page.getByLabel('Catégorie').selectOption('diy');
	await host.page.getByLabel('Titre').fill(OFFER);
	await host.page.getByLabel('Description').fill('Étagères, armoires, lits.');
	await host.page.getByRole('button', { name: 'Publier' }).click();
	await expect(host.page.getByRole('heading', { name: OFFER })).toBeVisible();
	await host.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
	await host.page.getByRole('link', { name: 'Proposer mon espace' }).click();
	await host.page.getByLabel('Titre').fill(SPACE);
	await host.page.getByLabel('Description').fill('Grande table, calme le matin.');
	await host.page.getByLabel('Ville').fill('Luxembourg');
	await host.page.getByLabel('Quartier').fill('Bonnevoie');
	await host.page.getByLabel('Places', { exact: true }).fill('2');
	await host.page.getByLabel('Adresse exacte').fill('7 impasse des Tilleuls');
	await host.page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(host.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	const date = await host.page.evaluate(() => {
		const now = new Date();
		const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 3);
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
	});
	await host.page.getByLabel('Date', { exact: true }).fill(date);
	await host.page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await host.page.getByLabel('Places', { exact: true }).fill('2');
	await host.page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(host.page.getByTestId('slot')).toHaveCount(1);
	await expectUpToDate(host.page);

	// The host waits on the home screen: nothing yet.
	await host.page.getByRole('link', { name: 'Tableaux' }).first().click();
	const homeBadge = host.page.locator('.boards').getByTestId('waiting-badge');
	const menuBadge = host.page.getByRole('navigation').getByTestId('waiting-badge');
	await expect(host.page.getByRole('link', { name: BOARD })).toBeVisible();
	await expect(homeBadge).toHaveCount(0);

	const join = async (name: string) => {
		const p = await newPhone(browser);
		phones.push(p);
		await p.page.goto(link);
		await onboard(p.page, name);
		await expect(p.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
		return p;
	};

	// A guest asks for a seat: on the host's home screen within a second of reaching the relay.
	const guest = await join('Gaspard');
	await guest.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
	await guest.page.getByRole('link', { name: SPACE }).click();
	await expect(guest.page.getByTestId('slot')).toHaveCount(1);
	await guest.page.getByLabel('Places', { exact: true }).selectOption('1');
	await guest.page.getByRole('button', { name: 'Demander' }).click();
	await expectUpToDate(guest.page);
	await expect(homeBadge).toHaveText('1 en attente', { timeout: 1_000 });

	// A neighbour asks for the host's help: the same.
	const neighbour = await join('Nora');
	await neighbour.page.getByRole('link', { name: OFFER }).click();
	await neighbour.page.getByLabel('Message').fill('Une étagère à monter samedi ?');
	await neighbour.page.getByRole('button', { name: 'Demander cette aide' }).click();
	await expect(neighbour.page.getByRole('button', { name: 'Demander cette aide' })).toHaveCount(0);
	await expectUpToDate(neighbour.page);
	await expect(homeBadge).toHaveText('2 en attente', { timeout: 1_000 });

	// The guest cancels: the request no longer waits for the host, but the host has not seen either.
	const mine = guest.page.getByTestId('my-booking-here');
	await mine.getByRole('button', { name: 'Annuler ma réservation' }).click();
	await mine.getByLabel(REASON_LABEL).fill('Empêchement');
	await mine.getByRole('button', { name: 'Annuler ma réservation' }).click();
	await expect(mine.getByTestId('booking-status')).toHaveAttribute('data-status', 'cancelled');
	await expectUpToDate(guest.page);
	await expect(homeBadge).toHaveText('3 en attente', { timeout: 1_000 });
	await expect(menuBadge).toHaveText(/3 en attente/);

	// Offline, after a reload: the counts come from this phone's own data.
	await host.context.setOffline(true);
	await expect(host.page.getByTestId('offline-banner')).toBeVisible();
	await host.page.reload();
	await expect(host.page.getByTestId('sync-status')).toHaveText(/Hors ligne/);
	await expect(homeBadge).toHaveText('3 en attente');
	await expect(menuBadge).toHaveText(/3 en attente/);

	// Quoi de neuf, in words, with names; leaving it keeps only the open help request counted.
	await host.page.getByRole('link', { name: BOARD }).click();
	await host.page.getByTestId('news-link').click();
	await expect(host.page.getByRole('heading', { name: /Quoi de neuf/, level: 1 })).toBeVisible();
	const since = host.page.getByRole('region', { name: 'Depuis votre dernière visite' });
	await expect(since.getByTestId('notice')).toHaveCount(3);
	await expect(since).toContainText(`Nora demande votre aide pour « ${OFFER} »`);
	await expect(since).toContainText(`Gaspard demande une place à « ${SPACE} »`);
	await expect(since).toContainText(`Gaspard a annulé sa place à « ${SPACE} »`);
	await host.page.getByRole('link', { name: 'Tableaux' }).first().click();
	await expect(homeBadge).toHaveText('1 en attente');
	await expect(menuBadge).toHaveText(/1 en attente/);

	// Seen, the open request is listed as still waiting for an answer.
	await host.page.getByRole('link', { name: BOARD }).click();
	await host.page.getByTestId('news-link').click();
	await expect(host.page.getByTestId('news-empty')).toBeVisible();
	const open = host.page.getByRole('region', { name: 'Toujours en attente de votre réponse' });
	await expect(open.getByTestId('notice')).toHaveCount(1);
	await open.getByRole('link', { name: `Nora demande votre aide pour « ${OFFER} »` }).click();
	await expect(host.page.getByRole('heading', { name: OFFER, level: 1 })).toBeVisible();

	await host.context.setOffline(false);
	for (const p of phones) await p.context.close();
});
