/**
 * Data ownership (issue 7): a phone exports all its data; a fresh phone, offline, refuses damaged
 * copies of the file without a trace, then imports the real one and reads the board and its post
 * from the file alone — also after an offline reload.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { newPhone, onboard, waitForServiceWorker } from './phone';

const BOARD = 'Rue des Lilas';
const POST = 'Prêt de perceuse';

async function importFile(page: Page, name: string, text: string): Promise<void> {
	await page.getByLabel('Fichier d’export (.json)').setInputFiles({
		name,
		mimeType: 'application/json',
		buffer: Buffer.from(text, 'utf8')
	});
	await page.getByRole('button', { name: 'Importer ce fichier' }).click();
}

test('export on one phone, import on a fresh one offline; a damaged file changes nothing', async ({
	browser
}) => {
	const a = await newPhone(browser);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.goto('/boards/new');
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Metz');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	await a.page.getByLabel('Catégorie').selectOption('repairs');
	await a.page.getByLabel('Titre').fill(POST);
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByRole('heading', { name: POST })).toBeVisible();

	await a.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await a.page.getByRole('link', { name: 'Réglages' }).click();
	await expect(a.page.getByRole('heading', { name: 'Réglages' })).toBeVisible();
	// Under 1 ko, bytes are spelt out ("512 octets").
	await expect(
		a.page.getByText(/^[\d,\s]+(?:[kMG]?o|octets?) utilisés sur [\d,\s]+[kMGT]?o$/)
	).toBeVisible();
	await expect(a.page.getByText(/^Stockage persistant\s: (oui|non)\./)).toBeVisible();
	const ask = a.page.getByRole('button', { name: 'Demander un stockage persistant' });
	if (await ask.isVisible()) {
		await ask.click();
		// Chromium decides alone (engagement, installation): either answer is explained.
		await expect(
			a.page.getByRole('status').filter({ hasText: /^(C’est fait|Le navigateur a refusé)/ })
		).toBeVisible();
	}
	await a.page.getByRole('button', { name: 'Exporter mes réservations (.ics)' }).click();
	await expect(a.page.getByRole('status').filter({ hasText: 'réservation' })).toHaveText(
		'Aucune réservation à venir : pas de fichier .ics à créer.'
	);
	const downloading = a.page.waitForEvent('download');
	await a.page.getByRole('button', { name: 'Exporter toutes mes données' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^quartier-export-\d{4}-\d{2}-\d{2}\.json$/);
	await expect(a.page.getByRole('status').filter({ hasText: 'Fichier prêt' })).toHaveText(
		'Fichier prêt : votre profil et 1 tableau.'
	);
	const text = readFileSync(await download.path(), 'utf8');
	const file = JSON.parse(text) as {
		format: string;
		version: number;
		identity: Record<string, string>;
		boards: {
			name: string;
			state: string;
			content: { posts: Record<string, { title: string }> };
		}[];
	};
	expect([file.format, file.version]).toEqual(['quartier-export', 1]);
	expect(file.identity.name).toBe('Amélie');
	expect(text).not.toMatch(/private/i);
	expect(file.boards.map((b) => b.name)).toEqual([BOARD]);
	expect(Object.values(file.boards[0]!.content.posts).map((p) => p.title)).toEqual([POST]);
	await a.context.close();

	// A fresh phone, offline from here on: whatever it shows comes from the file.
	const b = await newPhone(browser);
	await b.page.goto('/');
	await onboard(b.page, 'Amélie B.');
	await waitForServiceWorker(b.page);
	await b.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await b.page.getByRole('link', { name: 'Réglages' }).click();
	await b.context.setOffline(true);

	await b.page.getByRole('button', { name: 'Importer ce fichier' }).click();
	await expect(b.page.getByRole('alert')).toHaveText('Choisissez d’abord un fichier d’export.');
	await expect(b.page.getByLabel('Fichier d’export (.json)')).toBeFocused();

	await importFile(b.page, 'moitie.json', text.slice(0, Math.floor(text.length / 2)));
	await expect(b.page.getByRole('alert')).toHaveText(
		/^Ce fichier est illisible\s.* Rien n’a été modifié sur cet appareil\.$/
	);
	// One character of the board's Yjs state changed: still base64, but not the exported bytes.
	const state = file.boards[0]!.state;
	const i = Math.floor(state.length / 2);
	const damaged = text.replace(
		state,
		state.slice(0, i) + (state[i] === 'A' ? 'B' : 'A') + state.slice(i + 1)
	);
	await importFile(b.page, 'abime.json', damaged);
	await expect(b.page.getByRole('alert')).toHaveText(
		`Le contenu du tableau « ${BOARD} » a été modifié ou abîmé depuis l’export : il ne correspond plus à son empreinte. Rien n’a été modifié sur cet appareil.`
	);
	await b.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Tableaux' })
		.click();
	await expect(b.page.getByText('Vous n’avez encore aucun tableau.')).toBeVisible();

	await b.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await b.page.getByRole('link', { name: 'Réglages' }).click();
	await importFile(b.page, download.suggestedFilename(), text);
	await expect(b.page.getByRole('status').filter({ hasText: 'restauré' })).toHaveText(
		'1 tableau restauré.'
	);
	await expect(b.page.getByRole('alert')).toHaveCount(0);
	await b.page.getByRole('link', { name: 'Voir mes tableaux' }).click();
	await b.page.getByRole('link', { name: BOARD }).click();
	await expect(b.page.getByText(POST)).toBeVisible();

	// Stored on the phone, not only shown: an offline reload reads it back.
	await b.page.reload();
	await expect(b.page.getByText(POST)).toBeVisible();
	await b.page.goto('/settings');
	await importFile(b.page, download.suggestedFilename(), text);
	await expect(b.page.getByRole('status').filter({ hasText: 'présent' })).toHaveText(
		'Aucun tableau restauré, 1 déjà présent.'
	);
	await b.context.close();
});
