/**
 * The optional profile photo (issue 19) on two phones of one board: Amélie picks a camera photo
 * carrying an Exif GPS position on her profile page; Bruno sees it as her avatar in the board's
 * member list, then again offline after a reload (from IndexedDB); she removes it, and he sees
 * her initials again; on "Mes réservations", away from the board, the host of the seat he asked
 * for shows her photo too. The bytes the relay stored are read from its SQLite file: re-encoded,
 * without Exif and without the position.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { audit, Findings } from './a11y-audit';
import { cameraJpeg, metadataIn } from './photo-fixtures';
import { expectUpToDate, newPhone, onboard, waitForServiceWorker } from './phone';

const DB_FILE = path.resolve(
	import.meta.dirname,
	'../../test-results/e2e-relay-data/quartier.sqlite'
);

/** Amélie's row in the board's member list. */
function ameliesRow(page: Page) {
	return page.getByTestId('member').filter({ hasText: 'Amélie' });
}

/** The avatar shows a photo with real pixels, not initials. */
async function expectPhoto(page: Page): Promise<void> {
	const photo = ameliesRow(page).getByTestId('avatar-photo');
	await expect(photo).toBeVisible();
	await expect
		.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth))
		.toBeGreaterThan(0);
}

async function expectInitials(page: Page): Promise<void> {
	await expect(ameliesRow(page).getByTestId('avatar-photo')).toHaveCount(0);
	await expect(ameliesRow(page).getByTestId('avatar')).toHaveText('A');
}

function storedBlobs(boardId: string) {
	const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
	const rows = db
		.prepare<[string], { hash: string; type: string; data: Buffer }>(
			'SELECT hash, type, data FROM blobs WHERE board = ?'
		)
		.all(boardId);
	db.close();
	return rows;
}

test('a member adds a profile photo, another sees it online and offline, then initials once removed', async ({
	browser
}) => {
	// Two phones, ffmpeg and on-device encoding: longer than the default 90 s on a busy machine.
	test.setTimeout(180_000);
	const original = cameraJpeg('testsrc');
	// The fixture does carry what must be removed, or the relay check would prove nothing.
	expect(metadataIn(original)).toContain('GPS latitude');

	const amelie = await newPhone(browser);
	await amelie.page.goto('/');
	await onboard(amelie.page, 'Amélie');
	await amelie.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await amelie.page.getByLabel('Nom du tableau').fill('Rue des Peupliers');
	await amelie.page.getByLabel('Ville').fill('Luxembourg');
	await amelie.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await amelie.page.getByTestId('invite-link').inputValue();
	await amelie.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expectUpToDate(amelie.page);
	const boardPath = new URL(amelie.page.url()).pathname;
	const boardId = boardPath.split('/')[2]!;
	// A seat of hers that Bruno will ask for, three days from now.
	await amelie.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
	await amelie.page.getByRole('link', { name: 'Proposer mon espace' }).click();
	await amelie.page.getByLabel('Titre').fill('Salon lumineux');
	await amelie.page.getByLabel('Ville').fill('Luxembourg');
	await amelie.page.getByLabel('Places', { exact: true }).fill('2');
	await amelie.page.getByLabel('Adresse exacte').fill('3 rue des Peupliers');
	await amelie.page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(
		amelie.page.getByRole('heading', { name: 'Salon lumineux', level: 1 })
	).toBeVisible();
	const spaceUrl = amelie.page.url();
	const date = await amelie.page.evaluate(() => {
		const d = new Date(Date.now() + 3 * 86_400_000);
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	await amelie.page.getByLabel('Date', { exact: true }).fill(date);
	await amelie.page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await amelie.page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(amelie.page.getByTestId('slot')).toHaveCount(1);
	await expectUpToDate(amelie.page);

	const bruno = await newPhone(browser);
	await bruno.page.goto(link);
	await onboard(bruno.page, 'Bruno');
	await expect(ameliesRow(bruno.page)).toBeVisible();
	await waitForServiceWorker(bruno.page);
	await expectUpToDate(bruno.page);
	await expectInitials(bruno.page);
	await bruno.page.goto(spaceUrl);
	await expect(bruno.page.getByTestId('slot')).toHaveCount(1);
	await bruno.page.getByRole('button', { name: 'Demander' }).click();
	await expect(
		bruno.page.getByTestId('my-booking-here').getByTestId('booking-status')
	).toHaveAttribute('data-status', 'requested');
	await bruno.page.goto(boardPath);
	await expect(ameliesRow(bruno.page)).toBeVisible();

	await amelie.page.goto('/profile');
	await expect(amelie.page.getByRole('heading', { name: 'Photo de profil' })).toBeVisible();
	await expect(amelie.page.getByRole('button', { name: 'Retirer la photo' })).toHaveCount(0);
	await amelie.page
		.getByTestId('avatar-input')
		.setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: original });
	await expect(amelie.page.getByTestId('avatar-status')).toHaveText('Photo de profil enregistrée.');
	await expect(amelie.page.getByTestId('avatar-photo')).toBeVisible();
	// The screens that now show a photo pass the accessibility suite's checks.
	const findings = new Findings();
	await audit(amelie.page, '/profile with a photo', findings);

	// What the relay stored: one photo, re-encoded, without Exif or the position.
	const rows = storedBlobs(boardId);
	expect(rows).toHaveLength(1);
	const [row] = rows;
	expect(createHash('sha256').update(row!.data).digest('hex')).toBe(row!.hash);
	expect(['image/webp', 'image/jpeg']).toContain(row!.type);
	expect(metadataIn(row!.data)).toEqual([]);
	expect(row!.data.equals(original)).toBe(false);

	// Bruno's board page is live: Amélie's record names the photo, his phone fetches it.
	await expectPhoto(bruno.page);
	await bruno.context.setOffline(true);
	await bruno.page.reload();
	await expect(ameliesRow(bruno.page)).toBeVisible();
	await expectPhoto(bruno.page);
	await bruno.context.setOffline(false);
	await bruno.page.reload();
	await expectUpToDate(bruno.page);
	await ameliesRow(bruno.page)
		.getByRole('link', { name: /Amélie/ })
		.click();
	await expect(bruno.page.getByRole('heading', { name: 'Amélie', level: 1 })).toBeVisible();
	await expect(bruno.page.getByTestId('avatar-photo')).toBeVisible();
	await audit(bruno.page, '/b/[id]/members/[memberId] with a photo', findings);
	// Away from the board: the host of the seat he asked for, with her photo.
	await bruno.page.goto('/bookings');
	const hostChip = bruno.page.getByTestId('person-chip').filter({ hasText: 'Amélie' });
	await expect(hostChip.getByTestId('avatar-photo')).toBeVisible();
	await expect
		.poll(() =>
			hostChip.getByTestId('avatar-photo').evaluate((img) => (img as HTMLImageElement).naturalWidth)
		)
		.toBeGreaterThan(0);
	await audit(bruno.page, '/bookings with a host photo', findings);
	await bruno.page.goto(boardPath);
	await expect(ameliesRow(bruno.page)).toBeVisible();

	// Removal is confirmed first; then Bruno sees her initials again.
	await amelie.page.getByRole('button', { name: 'Retirer la photo' }).click();
	const confirm = amelie.page.getByRole('dialog', { name: /Retirer votre photo de profil/ });
	await expect(confirm).toBeVisible();
	await confirm.getByRole('button', { name: 'Retirer la photo' }).click();
	await expect(amelie.page.getByTestId('avatar-status')).toHaveText('Photo de profil retirée.');
	await expect(amelie.page.getByTestId('avatar-photo')).toHaveCount(0);
	await expectInitials(bruno.page);
	findings.report();

	await amelie.context.close();
	await bruno.context.close();
});

test('a photo chosen at onboarding is on the profile, then reaches the first board', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const chloe = await newPhone(browser);
	const { page } = chloe;
	await page.goto('/');
	const proceed = page.getByRole('button', { name: 'Continuer' });
	const welcome = page.getByRole('heading', { name: 'Bienvenue sur Quartier' });
	await expect(welcome.or(proceed)).toBeVisible();
	if (await proceed.isVisible()) await proceed.click();
	await expect(welcome).toBeVisible();
	await page.getByLabel('Votre nom (affiché aux voisins)').fill('Chloé');
	await page.getByTestId('avatar-input').setInputFiles({
		name: 'IMG_0002.jpg',
		mimeType: 'image/jpeg',
		buffer: cameraJpeg('smptebars')
	});
	await expect(page.getByTestId('avatar-status')).toHaveText(
		'Photo prête : elle ira sur votre profil dès que vous commencerez.'
	);
	await expect(page.getByTestId('avatar-photo')).toBeVisible();
	const findings = new Findings();
	await audit(page, '/welcome with a photo', findings);
	await page.getByRole('button', { name: 'Commencer' }).click();
	await expect(page.getByRole('link', { name: 'Créer un tableau' })).toBeVisible();

	await page.goto('/profile');
	await expect(page.getByRole('button', { name: 'Retirer la photo' })).toBeVisible();
	await expect(page.getByTestId('avatar-photo')).toBeVisible();

	// Her first board: her record names the photo and the upkeep uploads its bytes there.
	await page.goto('/');
	await page.getByRole('link', { name: 'Créer un tableau' }).click();
	await page.getByLabel('Nom du tableau').fill('Rue des Tilleuls');
	await page.getByLabel('Ville').fill('Luxembourg');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expectUpToDate(page);
	const boardId = new URL(page.url()).pathname.split('/')[2]!;
	await expect.poll(() => storedBlobs(boardId).length, { timeout: 20_000 }).toBe(1);
	expect(metadataIn(storedBlobs(boardId)[0]!.data)).toEqual([]);
	await expect(
		page.getByTestId('member').filter({ hasText: 'Chloé' }).getByTestId('avatar-photo')
	).toBeVisible();
	findings.report();
	await chloe.context.close();
});
