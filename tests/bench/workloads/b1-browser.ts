/**
 * B1's phone: headless Debian Chromium with a Pixel 7 profile, onboarded through the app's welcome
 * page (the service worker precaches the app), the board written into IndexedDB as y-indexeddb
 * stores it and listed in the app's Dexie database. And what the page records for the bench.
 */
import { chromium, devices, type BrowserContext, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { findChromium } from '../../e2e/chromium';

const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-quic',
	'--no-first-run',
	'--disable-component-update',
	'--disable-sync'
];

/** The board's invite secret on the bench phone (its room token derives from it). */
export const BENCH_SECRET = 'bench'.padEnd(44, 'x');

/**
 * Records when the first post is in the DOM and painted (two animation frames later), every long
 * main-thread task, and (once the bench arms it) when the first websocket message arrives.
 */
export const INIT_SCRIPT = `(() => {
	const observer = new MutationObserver(() => {
		if (window.__firstPost || !document.querySelector('[data-testid=post]')) return;
		window.__firstPost = performance.now();
		requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstPaint = performance.now(); }));
		observer.disconnect();
	});
	observer.observe(document, { childList: true, subtree: true });
	window.__longTasks = [];
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
		}).observe({ type: 'longtask', buffered: true });
	} catch {}
	const Native = window.WebSocket;
	window.WebSocket = class extends Native {
		constructor(...args) {
			super(...args);
			this.addEventListener('message', () => {
				if (!window.__armed) return;
				window.__firstRemote ??= performance.now();
				window.__lastRemote = performance.now();
			});
		}
	};
})();`;

export async function launch(profile: string, offline: boolean): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(profile, {
		...devices['Pixel 7'],
		executablePath: findChromium(),
		args: ARGS,
		serviceWorkers: 'allow',
		locale: 'fr-FR',
		offline
	});
	// tsx compiles with esbuild's keepNames, which wraps functions in `__name(…)`: functions sent
	// to the page through page.evaluate need that helper there too.
	await context.addInitScript('globalThis.__name = (f) => f;');
	return context;
}

export async function seed(
	profile: string,
	url: string,
	boardId: string,
	update: Uint8Array
): Promise<void> {
	const context = await launch(profile, false);
	try {
		const page = await context.newPage();
		await page.goto(`${url}/`);
		await page.getByLabel('Votre nom (affiché aux voisins)').fill('Banc d’essai');
		await page.getByRole('button', { name: 'Commencer' }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/welcome'));
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		const b64 = Buffer.from(update).toString('base64');
		await page.evaluate(writeBoard, { boardId, b64, secret: BENCH_SECRET });
	} finally {
		await context.close();
	}
	if (!fs.existsSync(profile)) throw new Error('no browser profile');
}

/** Runs in the page: y-indexeddb's layout, and the app's Dexie `boards` table. */
async function writeBoard(a: { boardId: string; b64: string; secret: string }): Promise<void> {
	const bytes = Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0));
	const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
		new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(name);
			request.onupgradeneeded = () => upgrade?.(request.result);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	const put = (db: IDBDatabase, store: string, value: unknown) =>
		new Promise<void>((resolve, reject) => {
			const tx = db.transaction(store, 'readwrite');
			tx.objectStore(store).put(value);
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
	const doc = await open(`quartier-board-${a.boardId}`, (db) => {
		db.createObjectStore('updates', { autoIncrement: true });
		db.createObjectStore('custom');
	});
	await put(doc, 'updates', bytes);
	doc.close();
	const app = await open('quartier');
	await put(app, 'boards', {
		id: a.boardId,
		secret: a.secret,
		name: 'Rue des Tilleuls',
		city: 'Esch-sur-Alzette',
		joinedAt: Date.now()
	});
	app.close();
}

/**
 * After a first open: waits until the app's search index (Dexie `postIndex`) stops growing, then
 * leaves for the home page, as a neighbour would, so whatever the app keeps on leaving is kept.
 */
export async function settle(page: Page, url: string): Promise<void> {
	await page.evaluate(async () => {
		const count = () =>
			new Promise<number>((resolve) => {
				const request = indexedDB.open('quartier');
				request.onerror = () => resolve(-1);
				request.onsuccess = () => {
					const db = request.result;
					if (!db.objectStoreNames.contains('postIndex')) return (db.close(), resolve(-1));
					const c = db.transaction('postIndex').objectStore('postIndex').count();
					c.onsuccess = () => (db.close(), resolve(c.result));
					c.onerror = () => (db.close(), resolve(-1));
				};
			});
		const deadline = performance.now() + 60_000;
		let last = -2;
		for (;;) {
			await new Promise((r) => setTimeout(r, 1000));
			const now = await count();
			if ((now > 0 && now === last) || performance.now() > deadline) return;
			last = now;
		}
	});
	await page.goto(`${url}/`);
	await page.waitForTimeout(1000);
}
