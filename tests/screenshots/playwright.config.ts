/**
 * `npm run screenshots`: the README's and the install sheet's phone screenshots, taken from the
 * real app on the real relay (the e2e setup, on a port of its own). Not part of `npm test`.
 */
import { defineConfig } from '@playwright/test';
import e2e from '../e2e/playwright.config';

const PORT = Number(process.env.SHOTS_PORT ?? 8798);

export default defineConfig({
	...e2e,
	testDir: '.',
	testMatch: '*.shots.ts',
	outputDir: '../../test-results/screenshots',
	timeout: 240_000,
	use: { ...e2e.use, baseURL: `http://127.0.0.1:${PORT}` },
	webServer: {
		...(e2e.webServer as object),
		cwd: '../..',
		url: `http://127.0.0.1:${PORT}/healthz`,
		command: 'rm -rf test-results/shots-relay-data && node_modules/.bin/tsx sync-server/main.ts',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			QUARTIER_DATA: 'test-results/shots-relay-data',
			QUARTIER_LOG_LEVEL: 'warn'
		}
	}
});
