/**
 * A real camera feed for e2e tests: what a page draws (a QR code) is screenshotted, turned into a
 * video with Debian's ffmpeg, and played as the camera of a second Chromium by its fake capture
 * device. Chromium takes the file at launch, so one browser per camera picture (STACK-NOTES).
 * Reusable: screenshot any codes, build one video of them, launch a browser that "sees" it.
 */
import { chromium, devices, type Browser, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './chromium';

export interface VideoOptions {
	/** Frames per second of the video (the fake camera plays it at that rate, in a loop). */
	fps?: number;
	/** How long each picture stays in view. */
	secondsPerFrame?: number;
	width?: number;
	height?: number;
	/** The side of the code in the video: a code held at some distance, not filling the view. */
	codeSide?: number;
}

export function scratchDir(name: string): string {
	const base = join(process.cwd(), 'test-results', 'camera');
	mkdirSync(base, { recursive: true });
	return mkdtempSync(join(base, `${name}-`));
}

/** The element exactly as the page draws it, as a PNG file. */
export async function screenshotElement(locator: Locator, path: string): Promise<string> {
	// The app's fixed bars (top bar, tab bar) would cover part of a code scrolled to an edge.
	const bars = 'header, nav { visibility: hidden !important; }';
	await locator.screenshot({ path, animations: 'disabled', style: bars });
	return path;
}

/**
 * One .y4m video showing the PNGs in turn, each scaled to `codeSide` and padded with white to
 * `width` × `height` (640 × 480 by default, what a phone preview is read at).
 */
export function pngToY4m(pngPaths: string[], outPath: string, options: VideoOptions = {}): string {
	const { fps = 10, secondsPerFrame = 0.5, width = 640, height = 480, codeSide = 400 } = options;
	if (pngPaths.length === 0) throw new Error('pngToY4m: no picture');
	// ffmpeg's image2 input wants numbered names: copy the pictures in the order given.
	const dir = mkdtempSync(join(tmpdir(), 'quartier-y4m-'));
	pngPaths.forEach((path, i) =>
		copyFileSync(path, join(dir, `f${String(i).padStart(4, '0')}.png`))
	);
	const filter =
		`scale=${codeSide}:${codeSide}:force_original_aspect_ratio=decrease:flags=neighbor,` +
		`pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p`;
	execFileSync(
		'ffmpeg',
		[
			'-loglevel',
			'error',
			'-y',
			'-framerate',
			String(1 / secondsPerFrame),
			'-i',
			join(dir, 'f%04d.png'),
			'-vf',
			filter,
			'-r',
			String(fps),
			'-pix_fmt',
			'yuv420p',
			outPath
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	return outPath;
}

/** A second Chromium whose camera plays `videoPath`; camera permission is per context. */
export async function launchWithCamera(videoPath: string): Promise<Browser> {
	return chromium.launch({
		executablePath: findChromium(),
		args: [
			...CHROMIUM_ARGS,
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${videoPath}`
		]
	});
}

/** The same phone as playwright.config.ts, for a browser launched here. */
export function phoneContextOptions(baseURL: string) {
	return {
		...devices['Pixel 7'],
		baseURL,
		locale: 'fr-FR',
		timezoneId: 'Europe/Luxembourg',
		serviceWorkers: 'allow' as const
	};
}
