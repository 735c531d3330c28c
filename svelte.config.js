import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// SPA: every route is rendered on the device from local data; the relay serves 200.html as
		// the fallback. The same name must be given to adapter-static and to kit so that
		// @vite-pwa/sveltekit precaches the fallback (STACK-NOTES, "PWA pitfalls").
		// precompress: a .br and a .gz next to every file, which the relay (sirv) sends to browsers
		// that accept them: no compression work per request, brotli at its best level.
		adapter: adapter({ fallback: '200.html', precompress: true }),
		prerender: { entries: [] },
		typescript: {
			// The bench is its own package (tests/bench/package.json) whose peers an app install
			// lacks, so `npm run check` leaves it out; `npm run check:bench` checks it with them.
			config: (tsconfig) => ({ ...tsconfig, exclude: [...tsconfig.exclude, '../tests/bench/**'] })
		}
	}
};

export default config;
