/**
 * The in-app scanner with a real camera feed (issue 18): Chromium's fake capture device plays a
 * video made from screenshots of QR codes as a page draws them. An invite scanned in the app opens
 * /join; an animated multi-frame code completes whatever order its frames are seen in; a refused
 * camera says so and the paste field still works.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { toFrames } from '../../src/lib/domain/qr/frames';
import { qrSvg } from '../../src/lib/components/qr/qr-svg';
import {
	launchWithCamera,
	phoneContextOptions,
	pngToY4m,
	screenshotElement,
	scratchDir
} from './camera';
import { audit, Findings } from './a11y-audit';
import { newPhone, onboard } from './phone';

const BOARD = 'Rue des Lilas';
const browsers: Browser[] = [];
test.afterEach(async () => {
	for (const browser of browsers.splice(0)) await browser.close();
});

/** A phone of a browser whose camera plays `video`; `camera: false` refuses it. */
async function cameraPhone(video: string, baseURL: string, camera = true): Promise<Page> {
	const browser = await launchWithCamera(video);
	browsers.push(browser);
	const context = await browser.newContext(phoneContextOptions(baseURL));
	if (camera) await context.grantPermissions(['camera']);
	const page = await context.newPage();
	page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
	return page;
}

async function inviteQr(browser: Browser): Promise<{ png: string; link: string; dir: string }> {
	const host = await newPhone(browser);
	await host.page.goto('/');
	await onboard(host.page, 'Amélie');
	await host.page.goto('/boards/new');
	await host.page.getByLabel('Nom du tableau').fill(BOARD);
	await host.page.getByLabel('Ville').fill('Lyon');
	await host.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const linkField = host.page.getByTestId('invite-link');
	await expect(linkField).toHaveAttribute('data-card', 'signed');
	const link = await linkField.inputValue();
	const dir = scratchDir('invite');
	const qr = host.page.getByRole('img', { name: 'Code QR du lien d’invitation' });
	const png = await screenshotElement(qr, join(dir, 'invite.png'));
	await host.context.close();
	return { png, link, dir };
}

/** mulberry32: the scan order is random but replayable from the printed seed. */
function seeded(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

test('an invite QR scanned in the app opens /join for that board', async ({ browser, baseURL }) => {
	const { png, link, dir } = await inviteQr(browser);
	const video = pngToY4m([png], join(dir, 'invite.y4m'), { secondsPerFrame: 1 });
	const guest = await cameraPhone(video, String(baseURL));
	await guest.goto('/');
	// A newcomer has no name yet: the welcome screen offers the scanner.
	await guest.getByRole('link', { name: 'Scanner un code QR' }).click();
	await expect(
		guest.getByRole('heading', { name: 'Amélie vous invite à rejoindre Rue des Lilas (Lyon)' })
	).toBeVisible();
	const landed = new URL(guest.url());
	expect(landed.pathname).toBe('/join');
	expect(new URLSearchParams(landed.hash.slice(1)).get('board')).toBe(
		new URLSearchParams(new URL(link).hash.slice(1)).get('board')
	);
});

test('an animated multi-frame code completes in any order, with progress', async ({
	browser,
	baseURL
}) => {
	const seed = Number(process.env.QR_SEED ?? Date.now() % 1_000_000);
	console.log(`[scanner] seed ${seed} (QR_SEED=${seed} replays it)`);
	const random = seeded(seed);
	const payload = Uint8Array.from({ length: 2600 }, () => Math.floor(random() * 256));
	const frames = toFrames(payload);
	expect(frames.length).toBeGreaterThan(4);

	// Each frame drawn as QrShow draws it (qrSvg, white, 22rem wide), screenshotted in a page.
	const dir = scratchDir('frames');
	const drawer = await newPhone(browser);
	const pngs: string[] = [];
	for (const [i, text] of frames.entries()) {
		await drawer.page.setContent(
			`<div class="qr" style="width:min(22rem,92vw);background:white">${qrSvg(text)}</div>` +
				'<style>.qr svg{width:100%;height:auto;display:block}</style>'
		);
		pngs.push(await screenshotElement(drawer.page.locator('.qr'), join(dir, `frame-${i}.png`)));
	}
	await drawer.context.close();
	// A shuffled order, with some frames seen twice: the scanner must not care.
	const order = pngs.map((_, i) => i);
	for (let i = order.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
	}
	const repeats = order.slice(0, 3).map((i) => order[(i + 1) % order.length] ?? 0);
	const shown = [...order, ...repeats].map((i) => pngs[i] ?? '');
	console.log(`[scanner] frames shown in order ${[...order, ...repeats].join(',')}`);
	const video = pngToY4m(shown, join(dir, 'frames.y4m'), { secondsPerFrame: 0.4 });

	const guest = await cameraPhone(video, String(baseURL));
	await guest.goto('/scan');
	const progress = guest.getByTestId('qr-progress');
	await expect(progress).toHaveText(new RegExp(`^\\d+ / ${frames.length} codes lus$`));
	const findings = new Findings();
	await audit(guest, 'fr /scan (reading a multi-frame code)', findings);
	await expect(guest.getByRole('progressbar', { name: 'Codes lus' })).toHaveAttribute(
		'max',
		String(frames.length)
	);
	// Complete: the whole checked against its id; this page has no use for a packet and says so.
	await expect(progress).toHaveText(`${frames.length} / ${frames.length} codes lus`, {
		timeout: 30_000
	});
	await expect(guest.getByText('Ce code Quartier ne sert pas sur cette page.')).toBeVisible();
	findings.report();
	const ms = await guest.getByTestId('qr-scanner').getAttribute('data-decode-ms');
	console.log(`[scanner] median decode time per frame at 640×480: ${ms} ms`);
});

test('a refused camera says so, and the paste field still works', async ({ browser, baseURL }) => {
	const { png, link, dir } = await inviteQr(browser);
	const video = pngToY4m([png], join(dir, 'invite.y4m'), { secondsPerFrame: 1 });
	const guest = await cameraPhone(video, String(baseURL), false);
	await guest.goto('/scan');
	await expect(guest.getByRole('alert')).toHaveText(/Quartier n’a pas accès à la caméra/);
	const findings = new Findings();
	await audit(guest, 'fr /scan (camera refused)', findings);
	findings.report();
	const paste = guest.getByLabel('Ou collez le lien ou le texte du code');
	await paste.fill('https://ailleurs.example/page');
	await guest.getByRole('button', { name: 'Lire le code' }).click();
	await expect(guest.getByText('Ce code QR n’est pas un code Quartier.')).toBeVisible();
	await paste.fill(link);
	await guest.getByRole('button', { name: 'Lire le code' }).click();
	await expect(
		guest.getByRole('heading', { name: 'Amélie vous invite à rejoindre Rue des Lilas (Lyon)' })
	).toBeVisible();
});

test('a device-link code scanned in /devices fills the field and links the device', async ({
	browser,
	baseURL
}) => {
	// The new tablet shows its request as a QR code.
	const tablet = await newPhone(browser);
	await tablet.page.goto('/link');
	const qr = tablet.page.getByRole('img', { name: 'Code QR pour relier cet appareil' });
	await expect(qr).toBeVisible();
	const check = (await tablet.page.getByTestId('link-check').innerText()).match(/\d{3} \d{3}/)?.[0];
	const dir = scratchDir('device');
	const video = pngToY4m(
		[await screenshotElement(qr, join(dir, 'request.png'))],
		join(dir, 'request.y4m'),
		{ secondsPerFrame: 1 }
	);

	// Amélie's phone scans it from "Mes appareils" and shows the same check code.
	const phone = await cameraPhone(video, String(baseURL));
	await phone.goto('/');
	await onboard(phone, 'Amélie');
	await phone.goto('/devices');
	await phone.getByRole('button', { name: 'Scanner le code' }).click();
	await expect(phone.getByTestId('link-check')).toContainText(String(check));
	await expect(phone.getByLabel('Code du nouvel appareil')).toHaveValue(/#link=/);
	await phone.getByLabel('Nom que vous donnez à cet appareil').fill('Tablette');
	await phone.getByRole('button', { name: 'Relier cet appareil' }).click();
	const response = await phone.getByTestId('link-response').inputValue();
	await tablet.page.getByLabel('Code de réponse').fill(response);
	await tablet.page.getByRole('button', { name: 'Terminer' }).click();
	await expect(tablet.page.getByRole('heading', { name: 'Mes tableaux' })).toBeVisible();
});
