#!/usr/bin/env node
/**
 * How long jsQR (the scanner's decoder where the browser has no BarcodeDetector) takes per picture
 * at 640 × 480: each PNG given is laid out as the e2e camera shows it (400 px code padded with
 * white, tests/e2e/camera.ts), read 15 times; prints the median ms. For the closing note of
 * issue 18: `node scripts/qr-decode-time.mjs test-results/camera/frames-* /*.png` after the e2e.
 */
import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';

const [W, H] = [640, 480];
const times = [];
let read = 0;
for (const png of process.argv.slice(2)) {
	const rgba = execFileSync(
		'ffmpeg',
		[
			'-loglevel',
			'error',
			'-i',
			png,
			'-vf',
			`scale=400:400:force_original_aspect_ratio=decrease:flags=neighbor,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=white`,
			'-f',
			'rawvideo',
			'-pix_fmt',
			'rgba',
			'-'
		],
		{ maxBuffer: 16 * W * H }
	);
	const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, W * H * 4);
	for (let i = 0; i < 15; i++) {
		const started = performance.now();
		const code = jsQR(pixels, W, H, { inversionAttempts: 'dontInvert' });
		times.push(performance.now() - started);
		if (code && i === 0) read++;
	}
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? NaN;
console.log(
	`${read}/${process.argv.length - 2} pictures read; median ${median.toFixed(1)} ms per decode at ${W}×${H}`
);
