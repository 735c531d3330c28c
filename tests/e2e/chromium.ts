import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Playwright cannot download browsers here: we drive Debian's `chromium` package. `.ci/run`
 * installs it; a developer machine without it gets told how.
 */
export function findChromium(): string {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv && existsSync(fromEnv)) return fromEnv;
	for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
		if (existsSync(candidate)) return candidate;
	}
	try {
		return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error(
			'Debian Chromium not found. Install it with `sudo apt-get install -y chromium` ' +
				'(or set CHROMIUM_PATH), then run the tests again.'
		);
	}
}

/**
 * Debian Chromium as root needs --no-sandbox; the other flags stop it from calling Google services
 * this machine cannot reach (machine notes: "Known to work").
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
