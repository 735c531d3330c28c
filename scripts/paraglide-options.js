/**
 * Paraglide's compiler options, shared by the Vite plugin (dev, build, vitest) and
 * scripts/compile-messages.mjs (check, lint, unit tests), so both generate the same runtime.
 *
 * A static SPA served from a precache has one URL per page for every language, so the locale is not
 * in the URL: it is the device's choice (localStorage, written by setLocale from the settings
 * page), else the browser's languages, else French. Note that Paraglide's runtime stores the
 * locale it resolves on first use, so the browser's language is read on the first visit only.
 *
 * @type {{
 * 	project: string;
 * 	outdir: string;
 * 	strategy: ('localStorage' | 'preferredLanguage' | 'baseLocale')[];
 * 	localStorageKey: string;
 * 	outputStructure: 'message-modules';
 * 	emitReadme: boolean;
 * }}
 */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
	/** e2e tests set it to pick a language before the app loads. */
	localStorageKey: 'quartier-locale',
	// The CLI writes one module per message and the Vite plugin would write one per locale in dev:
	// one layout everywhere keeps them from rewriting each other's output.
	outputStructure: 'message-modules',
	emitReadme: false
};
