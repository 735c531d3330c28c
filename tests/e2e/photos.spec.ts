/**
 * Photos of a space (issue 19) on two phones: a host adds two camera photos carrying an Exif GPS
 * position; a guest of the board sees both, then again offline after a reload (from IndexedDB,
 * with the service worker serving the app). The bytes the relay stored are read from its SQLite
 * file: they are the re-encoded photos, without Exif and without the position.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { createBoard, createSpace } from './board-setup';
import { cameraJpeg, metadataIn } from './photo-fixtures';
import { expectUpToDate, newPhone, onboard, waitForServiceWorker } from './phone';

const BOARD = 'Rue des Lilas';
const SPACE = 'Salon lumineux';
const DB_FILE = path.resolve(
	import.meta.dirname,
	'../../test-results/e2e-relay-data/quartier.sqlite'
);

/** Every photo of the gallery has loaded real pixels. */
async function expectPhotosShown(page: Page, count: number): Promise<void> {
	const gallery = page.getByTestId('space-photos');
	for (let n = 1; n <= count; n++) {
		const photo = gallery.getByRole('img', { name: `${SPACE}, photo ${n} sur ${count}` });
		await expect(photo).toBeVisible();
		await expect
			.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth))
			.toBeGreaterThan(0);
	}
	await expect(gallery.getByTestId('photo-placeholder')).toHaveCount(0);
}

test('a host adds two photos; a guest sees them online and offline; no location reaches the relay', async ({
	browser
}) => {
	// Two phones, ffmpeg and on-device encoding: longer than the default 90 s on a busy machine.
	test.setTimeout(180_000);
	const photos = [cameraJpeg('testsrc'), cameraJpeg('smptebars')];
	// The fixtures do carry what must be removed, or the last check would prove nothing.
	for (const photo of photos) expect(metadataIn(photo)).toContain('GPS latitude');

	const host = await newPhone(browser);
	await host.page.goto('/');
	await onboard(host.page, 'Hélène');
	const { link, boardPath } = await createBoard(host.page, { name: BOARD });
	const boardId = boardPath.split('/')[2]!;
	const spacePath = await createSpace(host.page, boardPath, { title: SPACE, seats: 2 });
	await expect(host.page.getByText('Pas encore de photo.', { exact: false })).toBeVisible();

	await host.page
		.getByTestId('photo-input')
		.setInputFiles(
			photos.map((buffer, i) => ({ name: `IMG_000${i + 1}.jpg`, mimeType: 'image/jpeg', buffer }))
		);
	await expect(host.page.getByTestId('photo-status')).toHaveText(/Photos ajoutées\s:\s2/);
	await expectPhotosShown(host.page, 2);
	await expectUpToDate(host.page);

	const guest = await newPhone(browser);
	await guest.page.goto(link);
	await onboard(guest.page, 'Gaspard');
	await expect(guest.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await waitForServiceWorker(guest.page);
	await expectUpToDate(guest.page);
	await guest.page.goto(spacePath);
	await expect(guest.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	await expectPhotosShown(guest.page, 2);
	// A guest has no picker and no host tools.
	await expect(guest.page.getByTestId('photo-input')).toHaveCount(0);
	await expect(guest.page.getByRole('button', { name: /Retirer/ })).toHaveCount(0);

	// Tap to enlarge, then close.
	await guest.page.getByRole('button', { name: `${SPACE}, photo 2 sur 2` }).click();
	const viewer = guest.page.getByRole('dialog', { name: `${SPACE}, photo 2 sur 2` });
	await expect(viewer).toBeVisible();
	await viewer.getByRole('button', { name: 'Fermer' }).click();
	await expect(viewer).toBeHidden();

	await guest.context.setOffline(true);
	await guest.page.reload();
	await expect(guest.page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
	await expectPhotosShown(guest.page, 2);

	// The host, offline, is told a photo needs the network; nothing changes.
	await host.context.setOffline(true);
	await host.page.getByTestId('photo-input').setInputFiles({
		name: 'IMG_0003.jpg',
		mimeType: 'image/jpeg',
		buffer: cameraJpeg('rgbtestsrc')
	});
	await expect(host.page.getByTestId('photo-error')).toHaveText(/demande le réseau/);
	await expectPhotosShown(host.page, 2);

	// What the relay stored: two photos, re-encoded, without Exif or the position.
	const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
	const rows = db
		.prepare<[string], { hash: string; type: string; data: Buffer }>(
			'SELECT hash, type, data FROM blobs WHERE board = ?'
		)
		.all(boardId);
	db.close();
	expect(rows).toHaveLength(2);
	for (const row of rows) {
		expect(createHash('sha256').update(row.data).digest('hex')).toBe(row.hash);
		expect(['image/webp', 'image/jpeg']).toContain(row.type);
		expect(metadataIn(row.data)).toEqual([]);
		for (const photo of photos) expect(row.data.equals(photo)).toBe(false);
	}

	await host.context.close();
	await guest.context.close();
});
