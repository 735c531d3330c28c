/**
 * B1: C1's board opened in headless Debian Chromium on a phone profile (b1-browser.ts).
 * - cold: a fresh copy of the seeded profile opens /b/<id> offline, the board never opened before:
 *   timed to the first rendered post, then to a search's filtered list;
 * - second: the same copy opens it again, offline, after that first open settled (whatever the app
 *   keeps from a first open — its search index, a snapshot — is there);
 * - catch-up: that phone, online, receives 700 changes by other members through the real relay
 *   (b1-catch-up.ts).
 */
import * as fs from 'node:fs';
import { ensureBuild } from '../lib/build';
import type { BenchContext } from '../lib/context';
import { freePort } from '../lib/proc';
import { failed, ms, type Row } from '../lib/report';
import { quartier } from '../peers';
import { INIT_SCRIPT, launch, seed, settle } from './b1-browser';
import { catchUp, type CatchUp } from './b1-catch-up';
import { benchBoard, POSTS, SEARCH_MATCHES, SEARCH_WORD } from './board';

const COLD_TARGET_MS = 1000;
const SECOND_TARGET_MS = 300;

interface Open {
	firstPost: number;
	firstPaint: number;
	searched: number;
}

export async function runColdOpen(ctx: BenchContext): Promise<Row[]> {
	ensureBuild(ctx.log);
	const board = await benchBoard();
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const boardUrl = `${url}/b/${board.boardId}`;
	const seeded = ctx.tempDir('b1-profile');
	const relayDir = ctx.tempDir('b1-relay');
	const relay = await quartier.start({ dataDir: relayDir, port });
	try {
		await seed(seeded, url, board.boardId, board.update);
	} finally {
		await relay.stop();
	}
	const cold: Open[] = [];
	const second: Open[] = [];
	let opened = seeded;
	for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
		// Each run on its own copy: the seeded profile stays a phone that never opened the board.
		opened = ctx.tempDir(`b1-phone-${i}`);
		fs.cpSync(seeded, opened, { recursive: true });
		ctx.log(`B1 cold open ${i + 1}`);
		cold.push(await open(opened, boardUrl, (page) => settle(page, url)));
		ctx.log(`B1 second open ${i + 1}`);
		second.push(await open(opened, boardUrl));
	}
	ctx.log('B1 catch-up');
	const caught = await catchUp(ctx, board, { port, relayDir, profile: opened, boardUrl }).then(
		catchUpRow,
		(e: unknown) => failed('B1 catch-up', 'quartier', e)
	);
	const size = `${(board.update.byteLength / 1e6).toFixed(1)} MB doc`;
	return [
		openRow('B1', `cold offline open of ${POSTS} posts (${size})`, cold, COLD_TARGET_MS),
		openRow(
			'B1 second',
			'second offline open, same phone, after the first settled',
			second,
			SECOND_TARGET_MS
		),
		caught
	];
}

function median(values: number[]): number {
	return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
}

function openRow(id: string, what: string, runs: Open[], target: number): Row {
	const of = (pick: (r: Open) => number) => median(runs.map(pick));
	const paint = of((r) => r.firstPaint);
	return {
		id,
		peer: 'quartier',
		figures: `${what}: first post in DOM ${ms(of((r) => r.firstPost))} ms, painted ${ms(paint)} ms; search "${SEARCH_WORD}" shown ${ms(of((r) => r.searched))} ms after navigation (median of ${runs.length})`,
		target: `≤ ${target.toLocaleString('en')} ms to first list`,
		verdict: paint <= target ? 'meets' : `MISSES (${ms(paint)} ms)`,
		run: 'valid',
		docs: 'n/a',
		data: runs
	};
}

function catchUpRow(c: CatchUp): Row {
	return {
		id: 'B1 catch-up',
		peer: 'quartier',
		figures: `${c.changes} remote changes (${c.edits} edits + ${c.posts} new posts by ${c.writers} members) through the relay to the open board: all applied and shown ${ms(c.shownMs)} ms after the first arrived (the last arrived after ${ms(c.arrivingMs)} ms); longest main-thread task ${ms(c.longestTaskMs)} ms (${c.longTasks} tasks ≥ 50 ms, ${ms(c.blockingMs)} ms blocking)`,
		run: c.complete
			? 'valid'
			: `INVALID: the page showed ${c.shownPosts} of ${c.expectedPosts} posts`,
		docs: 'n/a',
		data: c
	};
}

/** One open of the board, offline; `after` runs on the page before the browser closes. */
async function open(
	profile: string,
	boardUrl: string,
	after?: (page: import('@playwright/test').Page) => Promise<void>
): Promise<Open> {
	const context = await launch(profile, true);
	try {
		await context.addInitScript(INIT_SCRIPT);
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(boardUrl, { waitUntil: 'commit' });
		await page.waitForFunction(() => '__firstPaint' in window, null, {
			timeout: 120_000,
			polling: 50
		});
		const searched = await page.evaluate(
			({ word, expected }) =>
				new Promise<number>((resolve) => {
					const check = () => {
						const input = document.querySelector<HTMLInputElement>('#filter-query');
						// The field may only appear with the loaded list (a preview has none).
						if (input && input.value !== word) {
							input.value = word;
							input.dispatchEvent(new Event('input', { bubbles: true }));
						}
						const counted = [...document.querySelectorAll('[role=status]')].some((e) =>
							e.textContent?.includes(`${expected} annonces`)
						);
						if (counted && document.querySelectorAll('[data-testid=post]').length === expected)
							resolve(performance.now());
						else requestAnimationFrame(check);
					};
					check();
				}),
			{ word: SEARCH_WORD, expected: SEARCH_MATCHES }
		);
		const times = await page.evaluate(() => {
			const w = window as unknown as { __firstPost: number; __firstPaint: number };
			return { firstPost: w.__firstPost, firstPaint: w.__firstPaint };
		});
		await after?.(page);
		return { ...times, searched };
	} finally {
		await context.close();
	}
}
