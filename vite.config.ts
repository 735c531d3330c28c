import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

/** The relay `npm run dev` proxies to for websockets; `npm start` serves everything from it. */
const RELAY = process.env.QUARTIER_RELAY_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				id: '/',
				name: 'Quartier — entraide et coworking entre voisins',
				short_name: 'Quartier',
				description: 'Entraide entre voisins et coworking à domicile, qui marche même sans réseau.',
				lang: 'fr',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1f5f4a',
				background_color: '#fbf8f2',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				// Without clientsClaim the first visit's page is not controlled, so an offline reload only
				// works from the second load (STACK-NOTES).
				clientsClaim: true,
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,woff2}'],
				// README screenshots are not part of the app shell.
				globIgnores: ['client/screenshots/**'],
				navigateFallbackDenylist: [/^\/sync\//, /^\/healthz/]
			},
			kit: { spa: true, adapterFallback: '200.html' }
		})
	],
	server: {
		proxy: { '/sync': { target: RELAY, ws: true } }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'relay',
					include: ['tests/relay/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
