/**
 * The installable PWA in Debian Chromium: the built manifest and its icons, Chromium's own
 * installability check, the install entry (Chromium) and the iOS help, an offline deep link on a
 * first visit, and the update flow: a second build served, its banner, and a reload that shows the
 * new version without losing a change that never reached the relay.
 */
import {
	chromium,
	devices,
	expect,
	test,
	type APIRequestContext,
	type Page
} from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from '../relay/relay-process';
import { findChromium } from './chromium';
import { expectUpToDate, newPhone, onboard, syncStatus } from './phone';
import { buildWithId, copyOfCurrentBuild } from './second-build';

interface ManifestImage {
	src: string;
	sizes: string;
	type?: string;
	purpose?: string;
	form_factor?: string;
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after the signature. */
function pngSize(bytes: Buffer): string {
	expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
	return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

async function expectImage(request: APIRequestContext, base: string, image: ManifestImage) {
	const response = await request.get(new URL(image.src, base).href);
	expect(response.status(), image.src).toBe(200);
	expect(response.headers()['content-type']).toBe(image.type ?? 'image/png');
	expect(pngSize(await response.body()), image.src).toBe(image.sizes);
}

async function createBoard(page: Page, name: string): Promise<void> {
	await page.getByRole('link', { name: 'Créer un tableau' }).click();
	await page.getByLabel('Nom du tableau').fill(name);
	await page.getByLabel('Ville').fill('Differdange');
	await page.getByRole('button', { name: 'Créer le tableau' }).click();
	await page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('the manifest is complete, its images are what it says, and Chromium finds the app installable', async ({
	browser,
	baseURL
}) => {
	const { page, context } = await newPhone(browser);
	await page.goto('/welcome');
	const manifestUrl = await page
		.locator('link[rel=manifest]')
		.evaluate((l: HTMLLinkElement) => l.href);
	expect(manifestUrl).toBe(`${baseURL}/manifest.webmanifest`);
	const fetched = await page.evaluate(async (url) => {
		const response = await fetch(url);
		return {
			status: response.status,
			type: response.headers.get('content-type'),
			body: await response.text()
		};
	}, manifestUrl);
	expect(fetched.status).toBe(200);
	expect(fetched.type).toBe('application/manifest+json');
	const manifest = JSON.parse(fetched.body) as Record<string, unknown> & {
		icons: ManifestImage[];
		screenshots: ManifestImage[];
	};
	expect(manifest).toMatchObject({
		name: expect.stringContaining('Quartier'),
		short_name: 'Quartier',
		description: expect.any(String),
		id: '/',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		lang: 'fr',
		theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
		background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i)
	});
	const scope = new URL(manifest.scope as string, manifestUrl).href;
	expect(new URL(manifest.start_url as string, manifestUrl).href.startsWith(scope)).toBe(true);

	const anyPurpose = manifest.icons.filter((i) => (i.purpose ?? 'any').split(' ').includes('any'));
	expect(anyPurpose.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
	expect(manifest.icons.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true);
	expect(manifest.screenshots.length).toBeGreaterThan(0);
	for (const screenshot of manifest.screenshots) expect(screenshot.form_factor).toBe('narrow');
	for (const image of [...manifest.icons, ...manifest.screenshots]) {
		await expectImage(context.request, manifestUrl, image);
	}

	// A first visit is controlled without a reload (clientsClaim).
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL))
		.toBe(`${baseURL}/sw.js`);
	await expect(page.getByTestId('offline-ready')).toBeVisible();

	// Chromium's own verdict. Playwright's contexts are incognito, where nothing is installable,
	// so this part runs in a real (persistent) profile.
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-pwa-profile-'));
	const installable = await chromium.launchPersistentContext(profile, {
		...devices['Pixel 7'],
		executablePath: findChromium(),
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
		serviceWorkers: 'allow',
		locale: 'fr-FR'
	});
	// Counts the browser's install dialogs and their answers. Headless Chromium answers every
	// dialog "dismissed" at once and then offers installation again with a fresh event.
	await installable.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __installDialogs: string[] }).__installDialogs = seen;
		type Prompt = Event & {
			prompt(): Promise<void>;
			userChoice: Promise<{ outcome: string }>;
		};
		const proto = (window as unknown as { BeforeInstallPromptEvent: { prototype: Prompt } })
			.BeforeInstallPromptEvent.prototype;
		const prompt = proto.prompt;
		proto.prompt = async function (this: Prompt) {
			try {
				await prompt.call(this);
				seen.push((await this.userChoice).outcome);
			} catch (error) {
				seen.push(`error: ${(error as Error).name}`);
				throw error;
			}
		};
	});
	try {
		const phone = installable.pages()[0] ?? (await installable.newPage());
		await phone.goto(`${baseURL}/`);
		await onboard(phone, 'Inès');
		const cdp = await installable.newCDPSession(phone);
		const { errors } = await cdp.send('Page.getAppManifest');
		expect(errors).toEqual([]);
		await expect
			.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors)
			.toEqual([]);
		// beforeinstallprompt fired: the menu offers installation, and the entry opens the
		// browser's dialog. After a dismissal Chromium offers again with a new event: the entry
		// comes back and prompts with that one (a used event would fail with InvalidStateError).
		// The install entry lives in "Moi" (issue 19).
		await phone
			.getByRole('navigation', { name: 'Principal' })
			.getByRole('link', { name: 'Moi' })
			.click();
		const install = phone.getByRole('button', { name: 'Installer Quartier' });
		const dialogs = () =>
			phone.evaluate(() => (window as unknown as { __installDialogs: string[] }).__installDialogs);
		await expect(install).toBeVisible();
		await install.click();
		await expect.poll(dialogs).toEqual(['dismissed']);
		await expect(install).toBeVisible();
		await install.click();
		await expect.poll(dialogs).toEqual(['dismissed', 'dismissed']);
	} finally {
		await installable.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
});

test('iOS Safari gets the Share-sheet steps instead of an install button', async ({ browser }) => {
	const context = await browser.newContext({
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
	});
	const page = await context.newPage();
	await page.goto('/');
	await onboard(page, 'Iris');
	await page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Moi' })
		.click();
	await expect(page.getByRole('button', { name: 'Installer Quartier' })).toHaveCount(0);
	const steps = page.getByText('Touchez Partager, puis « Sur l’écran d’accueil ».');
	await expect(steps).toBeHidden();
	await page.getByText('Ajouter à l’écran d’accueil').click();
	await expect(steps).toBeVisible();
	await context.close();
});

test('a deep link opens and reloads offline on a first visit', async ({ browser }) => {
	const { page, context } = await newPhone(browser);
	await page.goto('/');
	await onboard(page, 'Dora');
	await createBoard(page, 'Rue du Moulin');
	await expectUpToDate(page);
	const board = page.url();
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

	await context.setOffline(true);
	// A page never opened online: only the precached SPA fallback can answer it.
	await page.goto(`${board}/cowork`);
	await expect(page.getByRole('heading', { name: 'Rue du Moulin', level: 1 })).toBeVisible();
	await expect(page).toHaveTitle(/^Cowork/);
	await page.goto(board);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Rue du Moulin', level: 1 })).toBeVisible();
	await page.goto('/profile');
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Dora', level: 1 })).toBeVisible();
	await context.close();
});

test.describe('update flow', () => {
	/** Build id of the "deployed" second version. */
	const NEXT = 'e2e-next';
	let work: string;
	let nextBuild: string;
	let relay: RelayProcess;
	let served: string;

	test.beforeAll(async () => {
		test.setTimeout(240_000);
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-e2e-update-'));
		nextBuild = buildWithId(work, NEXT);
		served = copyOfCurrentBuild(path.join(work, 'served'));
		relay = await startRelayProcess({ staticDir: served, direct: true });
	});

	test.afterAll(async () => {
		await cleanUpRelays();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	test('a new build shows the banner; Recharger runs it and keeps an unsynced change', async ({
		browser
	}) => {
		const context = await browser.newContext({ baseURL: relay.url });
		// The relay's websocket is unreachable until the end, while HTTP (the new build) answers.
		let relayReachable = false;
		await context.routeWebSocket(/\/sync\//, (ws) => {
			if (relayReachable) ws.connectToServer();
			else return ws.close({ code: 1012, reason: 'test: relay unreachable' });
		});
		const page = await context.newPage();
		const workerTrouble: string[] = [];
		page.on('console', (m) => {
			if (/service ?worker|sw\.js/i.test(m.text())) workerTrouble.push(m.text());
		});
		await page.goto('/');
		await onboard(page, 'Ugo');
		expect(await page.getByTestId('app-version').innerText()).not.toContain(NEXT);
		// A board made while the relay is out of reach: all of it is only on this device.
		await createBoard(page, 'Impasse des Roses');
		await expect(syncStatus(page)).toHaveText(/seulement sur cet appareil/);
		await expect(page.getByTestId('offline-ready')).toBeVisible();
		// Opened on a deep link, the page registers the same worker (/sw.js, scope /), not
		// /b/sw.js: otherwise it could never learn about the new version below.
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Impasse des Roses', level: 1 })).toBeVisible();
		await expect
			.poll(() =>
				page.evaluate(async () =>
					(await navigator.serviceWorker.getRegistrations()).map((r) => r.scope)
				)
			)
			.toEqual([`${relay.url}/`]);
		const pending = await syncStatus(page).getAttribute('data-pending');
		expect(Number(pending)).toBeGreaterThan(0);

		// Deploy: the relay now serves the second build (it reads files on every request).
		fs.renameSync(served, `${served}-old`);
		fs.renameSync(nextBuild, served);
		await expect(page.getByTestId('update-banner')).toBeHidden();
		// Coming back to the app looks for a new version (the hourly timer does the same).
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		const banner = page.getByTestId('update-banner');
		await expect(banner).toContainText('Nouvelle version disponible');
		await banner.getByRole('button', { name: 'Recharger' }).click();

		await expect(page.getByTestId('app-version')).toContainText(NEXT);
		await expect(page.getByTestId('update-banner')).toBeHidden();
		await expect(page.getByRole('heading', { name: 'Impasse des Roses', level: 1 })).toBeVisible();
		await expect(syncStatus(page)).toHaveAttribute('data-pending', String(pending));

		// The relay is back (the online event reconnects at once): what the update kept reaches it.
		relayReachable = true;
		await context.setOffline(true);
		await context.setOffline(false);
		await expectUpToDate(page);
		expect(workerTrouble).toEqual([]);
		await context.close();
	});
});
