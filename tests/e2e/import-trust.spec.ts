/**
 * An imported board is not trusted until the relay confirms it (issue 18). Amélie exports her
 * board from her phone while offline, with a post the relay has not seen; the file is then edited
 * (in Node, with Yjs, checksum recomputed) to carry Hélène's "confirmation" of Amélie's seat
 * request. Her tablet — linked to her before she had any board, so the board reaches it only from
 * the file — imports it offline: the board says it is not confirmed and shows the file as it is.
 * Online, the board is rebuilt from the relay's state and her own changes: the forged
 * confirmation is gone, her post reaches the relay (Hélène sees it), and nothing the tablet sent
 * was refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { audit, Findings } from './a11y-audit';
import { createBoard, createSpace, openMorningSlot } from './board-setup';
import { expectUpToDate, newPhone, onboard, waitForServiceWorker, type Phone } from './phone';

const BOARD = 'Rue des Lilas';
const SPACE = 'Salon lumineux';
const POST = 'Soupe du dimanche';

async function createBoardWithSlot(
	host: Phone
): Promise<{ link: string; boardUrl: string; spaceUrl: string }> {
	await host.page.goto('/');
	await onboard(host.page, 'Hélène');
	const { link, boardPath } = await createBoard(host.page, { name: BOARD });
	const boardUrl = host.page.url();
	await createSpace(host.page, boardPath, {
		title: SPACE,
		description: 'Grande table près de la fenêtre.',
		seats: 3
	});
	await openMorningSlot(host.page, { inDays: 3, seats: 2 });
	await expect(host.page.getByTestId('slot')).toHaveCount(1);
	await expectUpToDate(host.page);
	return { link, boardUrl, spaceUrl: host.page.url() };
}

/** The tablet becomes Amélie (devices.spec.ts does the same, with its refusals). */
async function linkTablet(phone: Page, tablet: Page): Promise<void> {
	await tablet.goto('/');
	await tablet.getByRole('link', { name: 'J’utilise déjà Quartier sur un autre appareil' }).click();
	const requestCode = await tablet.getByTestId('link-request-code').inputValue();
	await phone.goto(requestCode);
	await phone.getByLabel('Code du nouvel appareil').fill(requestCode);
	await phone.getByRole('button', { name: 'Lire le code' }).click();
	await phone.getByLabel('Nom que vous donnez à cet appareil').fill('Tablette');
	await phone.getByRole('button', { name: 'Relier cet appareil' }).click();
	const response = await phone.getByTestId('link-response').inputValue();
	await tablet.getByLabel('Code de réponse').fill(response);
	await tablet.getByRole('button', { name: 'Terminer' }).click();
	await expect(tablet.getByRole('heading', { name: 'Mes tableaux' })).toBeVisible();
}

/**
 * The file as a hostile editor would change it: a roster record under the host's key confirming
 * Amélie's request, written by a Yjs client of its own, and the state's SHA-256 recomputed.
 */
function forgeConfirmation(text: string): { forged: string; bookingKey: string } {
	const file = JSON.parse(text) as { boards: { state: string; stateSha256: string }[] };
	const board = file.boards[0]!;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(Buffer.from(board.state, 'base64')));
	const bookings = [...doc.getMap<{ slot: string; seats: number }>('bookings').entries()];
	expect(bookings).toHaveLength(1);
	const [bookingKey, booking] = bookings[0]!;
	const [hostId, slotId] = booking.slot.split(':') as [string, string];
	const rosterKey = `${hostId}:${`forged${slotId}`.slice(0, 64)}`;
	doc.getMap('rosters').set(rosterKey, {
		schemaVersion: 1,
		slot: booking.slot,
		seq: 1,
		entries: {
			[bookingKey]: {
				decision: 'confirmed',
				seq: 1,
				at: Date.now(),
				seats: booking.seats,
				reason: '',
				sealed: null,
				addressVersion: 0,
				device: rosterKey
			}
		}
	});
	const state = Y.encodeStateAsUpdate(doc);
	board.state = Buffer.from(state).toString('base64');
	board.stateSha256 = createHash('sha256').update(state).digest('base64url');
	return { forged: JSON.stringify(file, null, 2), bookingKey };
}

/** Screens with the banner: accessible, and no sideways scroll on a 360 px phone. */
async function checkScreen(page: Page, screen: string, findings: Findings): Promise<void> {
	await audit(page, screen, findings);
	const phoneSize = page.viewportSize()!;
	await page.setViewportSize({ width: 360, height: 740 });
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	if (width > 360) findings.add(screen, `${width} px wide at 360 px`);
	await page.setViewportSize(phoneSize);
}

/** Every message the relay refused since it started, all reasons together. */
async function refusedByRelay(request: APIRequestContext): Promise<number> {
	const text = await (await request.get('/metrics')).text();
	return text
		.split('\n')
		.filter((line) => line.startsWith('quartier_refused_total'))
		.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

function myBookingStatus(page: Page) {
	return page.getByTestId('my-booking-here').getByTestId('booking-status');
}

test('a forged confirmation in an imported file shows as unconfirmed offline and is dropped at the first sync', async ({
	browser,
	request
}) => {
	// Three phones, a device link and two accessibility scans: more than the default 90 s here.
	test.setTimeout(240_000);
	const host = await newPhone(browser);
	const { link, boardUrl, spaceUrl } = await createBoardWithSlot(host);

	const phone = await newPhone(browser);
	const tablet = await newPhone(browser);
	await phone.page.goto('/');
	await onboard(phone.page, 'Amélie');
	await linkTablet(phone.page, tablet.page);
	await waitForServiceWorker(tablet.page);

	// Amélie's phone joins and asks for a seat; the relay has the request.
	await phone.page.goto(link);
	await phone.page.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(phone.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await phone.page.goto(spaceUrl);
	await expect(phone.page.getByTestId('slot')).toHaveCount(1);
	await phone.page.getByLabel('Places', { exact: true }).selectOption('1');
	await phone.page.getByRole('button', { name: 'Demander' }).click();
	await expect(myBookingStatus(phone.page)).toHaveAttribute('data-status', 'requested');
	await expectUpToDate(phone.page);

	// Offline, she posts, then exports: the post is only on her phone and in the file.
	await phone.page.goto(boardUrl);
	await expect(phone.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await phone.context.setOffline(true);
	await phone.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await expect(
		phone.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })
	).toBeVisible();
	await phone.page.getByLabel('Catégorie').selectOption('repairs');
	await phone.page.getByLabel('Titre').fill(POST);
	await phone.page.getByRole('button', { name: 'Publier' }).click();
	await expect(phone.page.getByRole('heading', { name: POST })).toBeVisible();
	await phone.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await phone.page.getByRole('link', { name: 'Réglages' }).click();
	const downloading = phone.page.waitForEvent('download');
	await phone.page.getByRole('button', { name: 'Exporter toutes mes données' }).click();
	const text = readFileSync(await (await downloading).path(), 'utf8');
	await phone.context.close();
	const { forged } = forgeConfirmation(text);

	// The tablet imports the forged file offline: marked as not confirmed, shown as the file says.
	await tablet.context.setOffline(true);
	const consoleLines: string[] = [];
	tablet.page.on('console', (message) => consoleLines.push(message.text()));
	await tablet.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await tablet.page.getByRole('link', { name: 'Réglages' }).click();
	await tablet.page.getByLabel('Fichier d’export (.json)').setInputFiles({
		name: 'quartier-export.json',
		mimeType: 'application/json',
		buffer: Buffer.from(forged, 'utf8')
	});
	await tablet.page.getByRole('button', { name: 'Importer ce fichier' }).click();
	await expect(tablet.page.getByRole('status').filter({ hasText: 'restauré' })).toHaveText(
		'1 tableau restauré.'
	);
	await tablet.page.getByRole('link', { name: 'Voir mes tableaux' }).click();
	await expect(tablet.page.getByTestId('import-unconfirmed')).toHaveText(
		/^Importé depuis un fichier\s: pas encore confirmé par le serveur\.$/
	);
	const findings = new Findings();
	await checkScreen(tablet.page, 'home, import unconfirmed', findings);
	await tablet.page.getByRole('link', { name: BOARD }).click();
	const banner = tablet.page.getByRole('status').filter({ hasText: 'Importé depuis un fichier' });
	await expect(banner).toHaveText(/en attente de confirmation par le serveur/);
	await expect(tablet.page.getByRole('link', { name: POST, exact: true })).toBeVisible();
	await checkScreen(tablet.page, 'board, import unconfirmed', findings);
	findings.report();
	await tablet.page.goto(spaceUrl);
	await expect(banner).toBeVisible();
	await expect(myBookingStatus(tablet.page)).toHaveAttribute('data-status', 'confirmed');

	// Online: rebuilt from the relay's state; the forged confirmation is gone, the banner too.
	const refusedBefore = await refusedByRelay(request);
	await tablet.context.setOffline(false);
	await expect(banner).toHaveCount(0);
	await expect(myBookingStatus(tablet.page)).toHaveAttribute('data-status', 'requested');
	await expectUpToDate(tablet.page);
	await tablet.page.goto('/');
	await expect(tablet.page.getByTestId('import-unconfirmed')).toHaveCount(0);

	// Her offline post from the file reached the relay: Hélène sees it.
	await host.page.goto('/');
	await host.page.getByRole('link', { name: BOARD }).click();
	await expect(host.page.getByRole('link', { name: POST, exact: true })).toBeVisible();
	await host.page.goto(spaceUrl);
	await expect(host.page.getByTestId('host-booking')).toHaveAttribute('data-status', 'requested');

	// Nothing the tablet sent was refused: the relay counted no refusal, the tablet heard none.
	expect(await refusedByRelay(request)).toBe(refusedBefore);
	expect(consoleLines.filter((line) => line.includes('relay refused'))).toEqual([]);
	const rebuilt = consoleLines.filter((line) => line.includes('confirmed by the relay'));
	expect(rebuilt).toHaveLength(1);
	console.log(`[tablet] ${rebuilt[0]}`);
	await host.context.close();
	await tablet.context.close();
});
