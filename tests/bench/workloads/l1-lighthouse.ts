/**
 * L1: Lighthouse (the npm package, its default mobile config: Moto G Power viewport, simulated slow
 * 4G and 4× CPU slowdown) in Debian Chromium through chrome-launcher, against the real relay
 * serving the production build. Categories: performance, accessibility, best practices.
 *
 * Pages: `/welcome` (the first screen, storage reset: a first visit), `/` (which sends a new
 * visitor to /welcome), and a new board `/b/<id>` opened by an onboarded member whose phone already
 * has the app (Lighthouse cannot onboard: a Playwright profile does it first, and Lighthouse runs
 * in that profile without resetting storage, so the service worker and IndexedDB are there).
 * Quick runs audit each page once, full runs three times and keep the median performance run.
 */
import { chromium, devices } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findChromium } from '../../e2e/chromium';
import { ensureBuild } from '../lib/build';
import type { BenchContext } from '../lib/context';
import { freePort, QUARTIER_DIR } from '../lib/proc';
import { ms, type Row } from '../lib/report';
import { quartier } from '../peers';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
/** Keeps Chromium from calling Google services this machine cannot reach (as B1 and the e2e). */
const FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

interface Page {
	label: string;
	path: string;
	/** Run in the onboarded profile, keeping its storage. */
	warm: boolean;
}

interface Run {
	scores: Record<(typeof CATEGORIES)[number], number>;
	fcp: number;
	lcp: number;
	tbt: number;
	cls: number;
	/** Titles of the accessibility and best-practice audits that did not pass. */
	failing: string[];
	warnings: string[];
	/** What moved (CLS) and what the console said, for reading latest.json. */
	shifts: unknown;
	consoleErrors: unknown;
	/** Requests answered with an HTTP error. */
	failedRequests: string[];
	/** Lighthouse's performance opportunities with their estimated savings. */
	opportunities: { id: string; ms: number }[];
}

export async function runLighthouse(ctx: BenchContext): Promise<Row[]> {
	ensureBuild(ctx.log);
	// A fixed port for the whole workload: the profile's IndexedDB belongs to this origin.
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const profile = ctx.tempDir('l1-profile');
	// A private copy: another `npm run build` in this tree (an e2e run) empties build/ meanwhile.
	const staticDir = ctx.tempDir('l1-static');
	fs.cpSync(path.join(QUARTIER_DIR, 'build'), staticDir, { recursive: true });
	const relay = await quartier.start({
		dataDir: ctx.tempDir('l1-relay'),
		port,
		env: { QUARTIER_STATIC: staticDir }
	});
	try {
		const boardPath = await onboardWithBoard(profile, base);
		const pages: Page[] = [
			{ label: '/welcome (first visit)', path: '/welcome', warm: false },
			{ label: '/ → /welcome (first visit)', path: '/', warm: false },
			{ label: 'a new board, app installed', path: boardPath, warm: true }
		];
		const rows: Row[] = [];
		for (const page of pages) {
			const runs: Run[] = [];
			for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
				ctx.log(`L1 lighthouse ${page.label}, run ${i + 1}`);
				runs.push(await audit(base + page.path, page.warm ? profile : undefined));
			}
			rows.push(row(page, runs));
		}
		return rows;
	} finally {
		await relay.stop();
	}
}

/** The median run by performance score (Lighthouse's own advice for noisy scores). */
function row(page: Page, runs: Run[]): Row {
	const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
	const median = sorted[Math.floor(sorted.length / 2)];
	if (!median) throw new Error('no Lighthouse run');
	const { performance, accessibility } = median.scores;
	const bestPractices = median.scores['best-practices'];
	const failing = median.failing.length ? `; not passed: ${median.failing.join(', ')}` : '';
	return {
		id: 'L1',
		peer: `quartier ${page.label}`,
		figures:
			`performance ${performance}, accessibility ${accessibility}, best practices ${bestPractices}` +
			` (FCP ${ms(median.fcp)} ms, LCP ${ms(median.lcp)} ms, TBT ${ms(median.tbt)} ms, CLS ${median.cls.toFixed(3)};` +
			` median of ${runs.length})${failing}`,
		run: median.warnings.length ? `valid (warnings: ${median.warnings.join(' / ')})` : 'valid',
		docs: 'n/a',
		data: runs
	};
}

async function audit(url: string, profile: string | undefined): Promise<Run> {
	const chrome = await chromeLauncher.launch({
		chromePath: findChromium(),
		chromeFlags: FLAGS,
		// Without one, chrome-launcher makes a fresh temporary profile (never the user's own).
		...(profile ? { userDataDir: profile } : {}),
		logLevel: 'silent'
	});
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: [...CATEGORIES],
			disableStorageReset: profile !== undefined
		});
		if (!result) throw new Error('Lighthouse returned nothing');
		const { lhr } = result;
		if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
		const score = (id: string) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
		const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
		const failing = ['accessibility', 'best-practices'].flatMap((category) =>
			(lhr.categories[category]?.auditRefs ?? [])
				.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
				.map((ref) => ref.id)
		);
		return {
			scores: {
				performance: score('performance'),
				accessibility: score('accessibility'),
				'best-practices': score('best-practices')
			},
			fcp: numeric('first-contentful-paint'),
			lcp: numeric('largest-contentful-paint'),
			tbt: numeric('total-blocking-time'),
			cls: numeric('cumulative-layout-shift'),
			failing,
			warnings: lhr.runWarnings,
			shifts: items(lhr.audits['layout-shifts']?.details),
			consoleErrors: items(lhr.audits['errors-in-console']?.details),
			failedRequests: (
				items(lhr.audits['network-requests']?.details) as { url: string; statusCode: number }[]
			)
				.filter((r) => r.statusCode >= 400)
				.map((r) => `${r.statusCode} ${r.url}`),
			opportunities: Object.values(lhr.audits)
				.map((a) => ({ id: a.id, ms: a.metricSavings?.LCP ?? a.metricSavings?.FCP ?? 0 }))
				.filter((o) => o.ms > 0)
				.sort((a, b) => b.ms - a.ms)
		};
	} finally {
		chrome.kill();
	}
}

/**
 * Onboards a member in a Chromium profile and creates a board, whose path it returns. No posts: the
 * post form changes often, and this workload should not break with it.
 */
async function onboardWithBoard(profile: string, base: string): Promise<string> {
	const context = await chromium.launchPersistentContext(profile, {
		...devices['Pixel 7'],
		executablePath: findChromium(),
		args: FLAGS.filter((f) => !f.startsWith('--headless')),
		serviceWorkers: 'allow',
		locale: 'fr-FR'
	});
	try {
		// tsx's esbuild keepNames wraps functions in `__name(…)`, which page.evaluate needs too (B1).
		await context.addInitScript('globalThis.__name = (f) => f;');
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${base}/`);
		await page.getByLabel('Votre nom (affiché aux voisins)').fill('Banc d’essai');
		await page.getByRole('button', { name: 'Commencer' }).click();
		await page.getByRole('link', { name: 'Créer un tableau' }).click();
		await page.getByLabel('Nom du tableau').fill('Rue des Tilleuls');
		await page.getByLabel('Ville').fill('Esch-sur-Alzette');
		await page.getByRole('button', { name: 'Créer le tableau' }).click();
		await page.getByRole('link', { name: 'Aller au tableau' }).click();
		await page.getByTestId('sync-status').first().filter({ hasText: 'À jour' }).waitFor();
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		return new URL(page.url()).pathname;
	} finally {
		await context.close();
	}
}

/** The rows of an audit's table (Lighthouse's details are a union; only tables have items). */
function items(details: unknown): unknown[] {
	const table = details as { items?: unknown[] } | undefined;
	return table?.items ?? [];
}
