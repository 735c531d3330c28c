import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium';

/** A port of its own so a developer's `npm start` on 8787 does not collide with the tests. */
const PORT = Number(process.env.E2E_PORT ?? 8797);
const DATA_DIR = 'test-results/e2e-relay-data';

export default defineConfig({
	testDir: '.',
	outputDir: '../../test-results/e2e',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		...devices['Pixel 7'],
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'fr-FR',
		timezoneId: 'Europe/Luxembourg',
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: findChromium(),
			args: CHROMIUM_ARGS
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		// The real relay serving the real build (not `vite preview`, which breaks the SPA fallback).
		command: `rm -rf ${DATA_DIR} && node_modules/.bin/tsx sync-server/main.ts`,
		cwd: '../..',
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			QUARTIER_DATA: DATA_DIR,
			QUARTIER_LOG_LEVEL: 'warn'
		},
		stdout: 'pipe',
		stderr: 'pipe'
	}
});
