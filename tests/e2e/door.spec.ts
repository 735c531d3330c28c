/**
 * At the door, both ways, two scans (issue 18), with real cameras: each phone is a persistent
 * Chromium profile (its IndexedDB and service worker survive a relaunch), relaunched with
 * Chromium's fake capture device playing a video made from a screenshot of the other phone's QR
 * code as its page draws it. Both phones offline: the host welcomes (confirming the request), the
 * guest scans and sees "Confirmé par Hélène" at once and arrives, the host scans the arrival; both
 * show the attested check-in. Back online, the relay, a third member's phone and both screens
 * agree, and the relay refused nothing.
 */
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { phoneContextOptions, pngToY4m, screenshotElement, scratchDir } from './camera';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { expectUpToDate, newPhone, onboard, waitForServiceWorker } from './phone';

const BOARD = 'Rue des Lilas';
const SPACE = 'Atelier du canal';

/** One phone as a persistent profile: relaunched with another camera video, same storage. */
class PersistentPhone {
	context!: BrowserContext;
	page!: Page;
	readonly figures: string[] = [];
	private readonly dir: string;

	constructor(
		readonly name: string,
		private readonly baseURL: string
	) {
		const base = join(process.cwd(), 'test-results', 'door-profiles');
		mkdirSync(base, { recursive: true });
		this.dir = mkdtempSync(join(base, `${name}-`));
	}

	/** (Re)launches the phone; with `video`, its camera plays that file. */
	async launch(video?: string, offline = false): Promise<Page> {
		await this.context?.close();
		const camera = video
			? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]
			: [];
		this.context = await chromium.launchPersistentContext(this.dir, {
			...phoneContextOptions(this.baseURL),
			executablePath: findChromium(),
			args: [...CHROMIUM_ARGS, ...camera],
			permissions: video ? ['camera'] : []
		});
		if (offline) await this.context.setOffline(true);
		this.page = this.context.pages()[0] ?? (await this.context.newPage());
		this.page.on('pageerror', (error) =>
			console.error(`[${this.name} page error] ${error.message}`)
		);
		this.page.on('console', (message) => {
			const text = message.text();
			if (text.startsWith('[door] packet')) this.figures.push(text);
			if (text.startsWith('[door] refused')) console.log(`[${this.name}] ${text}`);
		});
		return this.page;
	}

	async close(): Promise<void> {
		await this.context?.close();
	}
}

/** The door's code as a video: each frame screenshotted as QrShow draws it, in order. */
async function codeVideo(page: Page, name: string): Promise<{ video: string; frames: number }> {
	const dir = scratchDir(name);
	const show = page.getByTestId('door-code').getByTestId('qr-show');
	await expect(show).toBeVisible();
	const frames = Number(await show.getAttribute('data-frames'));
	const picture = show.locator('.qr');
	const next = show.getByRole('button', { name: 'Code suivant' });
	// Stepping pauses the loop: each frame is screenshotted still (any order suits the scanner).
	if (frames > 1) await next.click();
	const pngs: string[] = [];
	for (let i = 0; i < frames; i++) {
		const index = Number(await picture.getAttribute('data-frame'));
		pngs.push(await screenshotElement(picture, join(dir, `frame-${i}.png`)));
		if (frames > 1) {
			await next.click();
			await expect(picture).toHaveAttribute('data-frame', String((index + 1) % frames));
		}
	}
	// ffmpeg gives the last picture of a sequence a single video frame: the first comes again last,
	// so every frame of the code stays in view as long as the others.
	const shown = frames > 1 ? [...pngs, pngs[0] ?? ''] : pngs;
	return { video: pngToY4m(shown, join(dir, 'code.y4m'), { secondsPerFrame: 0.7 }), frames };
}

/** Today's slot opening in 20 minutes, two hours long, in the browser's local time. */
async function slotSoon(page: Page) {
	return page.evaluate(() => {
		const start = new Date(Date.now() + 20 * 60_000);
		start.setMinutes(Math.ceil(start.getMinutes() / 5) * 5, 0, 0);
		const end = new Date(start.getTime() + 2 * 60 * 60_000);
		const pad = (n: number) => String(n).padStart(2, '0');
		return {
			date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
			start: `${pad(start.getHours())}:${pad(start.getMinutes())}`,
			end: `${pad(end.getHours())}:${pad(end.getMinutes())}`,
			sameDay: start.getDate() === end.getDate()
		};
	});
}

/** Every refusal the relay counted, updates and packets, by reason (Prometheus text of /metrics). */
async function relayRefusals(baseURL: string): Promise<Record<string, number>> {
	const text = await (await fetch(new URL('/metrics', baseURL))).text();
	const refused: Record<string, number> = {};
	for (const match of text.matchAll(
		/^(quartier_(?:packets_)?refused_total)\{reason="([^"]*)"\} (\d+)/gm
	)) {
		if (Number(match[3]) > 0) refused[`${match[1]}:${match[2]}`] = Number(match[3]);
	}
	return refused;
}

test('at the door, offline: welcome, scan, arrival, scan — attested by both, agreed by all', async ({
	browser,
	baseURL
}) => {
	// Two relaunches and two camera reads on a shared machine: minutes, not seconds.
	test.setTimeout(420_000);
	const url = String(baseURL);
	const host = new PersistentPhone('host', url);
	const guest = new PersistentPhone('guest', url);
	try {
		// Host: a board, a space, and a slot that opens in 20 minutes (the door is open).
		const h = await host.launch();
		await h.goto('/');
		await onboard(h, 'Hélène');
		await h.getByRole('link', { name: 'Créer un tableau' }).click();
		await h.getByLabel('Nom du tableau').fill(BOARD);
		await h.getByLabel('Ville').fill('Metz');
		await h.getByRole('button', { name: 'Créer le tableau' }).click();
		const link = await h.getByTestId('invite-link').inputValue();
		await h.getByRole('link', { name: 'Aller au tableau' }).click();
		await waitForServiceWorker(h);
		await h.getByRole('link', { name: 'Cowork de ce tableau' }).click();
		await h.getByRole('link', { name: 'Proposer mon espace' }).click();
		await h.getByLabel('Titre').fill(SPACE);
		await h.getByLabel('Ville').fill('Metz');
		await h.getByLabel('Places', { exact: true }).fill('2');
		await h.getByLabel('Adresse exacte').fill('3 quai des Régates');
		await h.getByRole('button', { name: 'Publier l’espace' }).click();
		await expect(h.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
		const spaceUrl = h.url();
		const soon = await slotSoon(h);
		test.skip(!soon.sameDay, 'the slot would cross midnight: run again in the morning');
		await h.getByLabel('Date', { exact: true }).fill(soon.date);
		await h.getByLabel('Début', { exact: true }).fill(soon.start);
		await h.getByLabel('Fin', { exact: true }).fill(soon.end);
		await h.getByLabel('Places', { exact: true }).fill('2');
		await h.getByRole('button', { name: 'Ouvrir le créneau' }).click();
		await expect(h.getByTestId('slot')).toHaveCount(1);
		await expectUpToDate(h);

		// Guest: joins, asks for a seat; the request reaches the host while both are online.
		const g = await guest.launch();
		await g.goto(link);
		await onboard(g, 'Gaspard');
		await expect(g.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
		await waitForServiceWorker(g);
		await g.goto(spaceUrl);
		await g.getByLabel('Places', { exact: true }).selectOption('1');
		await g.getByRole('button', { name: 'Demander' }).click();
		await expect(g.getByTestId('my-booking-here').getByTestId('booking-status')).toHaveAttribute(
			'data-status',
			'requested'
		);
		await expectUpToDate(g);
		const row = h.getByTestId('host-booking').filter({ hasText: 'Gaspard' });
		await expect(row).toHaveAttribute('data-status', 'requested');

		// A third member, who will only ever see what the relay has.
		const third = await newPhone(browser);
		await third.page.goto(link);
		await onboard(third.page, 'Théo');
		await expect(third.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();

		// Both phones lose the network.
		await host.context.setOffline(true);
		await guest.context.setOffline(true);
		await expect(h.getByTestId('offline-banner')).toBeVisible();

		// Host, offline: "Accueillir" confirms the request and welcomes the guest, then shows its code.
		await row.getByRole('link', { name: 'Accueillir' }).click();
		await expect(h.getByRole('heading', { name: 'À la porte', level: 1 })).toBeVisible();
		const doorPath = new URL(h.url()).pathname;
		await h.getByTestId('door-check-in').click();
		await expect(h.getByText('Vous avez noté l’arrivée de Gaspard.')).toBeVisible();
		await expect(h.getByTestId('door-code')).toHaveAttribute(
			'data-version',
			'true:confirmed:false:false'
		);
		const hostCode = await codeVideo(h, 'host-code');
		console.log(`[door] host code: ${hostCode.frames} frame(s); ${host.figures.at(-1)}`);

		// Guest, relaunched offline with the host's code in front of its camera.
		const g2 = await guest.launch(hostCode.video, true);
		await g2.goto(doorPath);
		await expect(g2.getByRole('heading', { name: 'À la porte', level: 1 })).toBeVisible();
		await expect(g2.getByTestId('booking-status')).toHaveAttribute('data-status', 'requested');
		await g2.getByRole('button', { name: 'Scanner le code de l’hôte' }).click();
		await expect(g2.getByTestId('door-scan-outcome')).toHaveText(/^Reçu\s:/, { timeout: 60_000 });
		await expect(g2.getByTestId('door-state')).toContainText('Arrivée attestée par vous deux');
		await expect(g2.getByTestId('door-code')).toHaveAttribute(
			'data-version',
			'true:confirmed:true:true'
		);
		const guestCode = await codeVideo(g2, 'guest-code');
		console.log(`[door] guest code: ${guestCode.frames} frame(s); ${guest.figures.at(-1)}`);

		// Host, relaunched offline with the guest's code in front of its camera: scans the arrival.
		const h2 = await host.launch(guestCode.video, true);
		await h2.goto(doorPath);
		await expect(h2.getByText('Vous avez noté l’arrivée de Gaspard.')).toBeVisible();
		await h2.getByRole('button', { name: 'Scanner l’arrivée' }).click();
		await expect(h2.getByTestId('door-scan-outcome')).toHaveText(/^Reçu\s:/, { timeout: 60_000 });
		await expect(h2.getByTestId('door-state')).toContainText('Arrivée attestée par vous deux');

		// Both screens, still offline, on the booking cards.
		await h2.goto(spaceUrl);
		const hostRow = h2.getByTestId('host-booking').filter({ hasText: 'Gaspard' });
		await expect(hostRow.getByTestId('attested-badge')).toBeVisible();
		await expect(hostRow.getByRole('button', { name: /Signaler une absence/ })).toHaveCount(0);
		await g2.goto(spaceUrl);
		await expect(g2.getByTestId('attested-badge')).toBeVisible();

		// Online again: the relay takes both phones' changes (and the packets they hold).
		await host.context.setOffline(false);
		await guest.context.setOffline(false);
		await expectUpToDate(h2);
		await expectUpToDate(g2);
		await expect(hostRow.getByTestId('attested-badge')).toBeVisible();
		await expect(g2.getByTestId('attested-badge')).toBeVisible();

		// The third phone has it from the relay only.
		await third.page.goto(spaceUrl);
		await expect(third.page.getByTestId('slot-attested')).toHaveText(
			/1\sarrivée attestée à la porte/
		);
		expect(await relayRefusals(url)).toEqual({});
		const metrics = await (await fetch(new URL('/metrics', url))).text();
		console.log(`[door] relay: ${/^quartier_packets_accepted_total \d+/m.exec(metrics)?.[0]}`);
		for (const line of [...host.figures, ...guest.figures]) console.log(line);
	} finally {
		await host.close();
		await guest.close();
	}
});
