/**
 * The app's languages. Paraglide picks the locale (paraglide-options.js: the device's choice,
 * else the browser's languages, else French); this module names them, gives Intl its region and
 * keeps `<html lang>` in step, which screen readers use to pick a voice.
 */
import { getLocale, locales, setLocale, type Locale } from '$lib/paraglide/runtime.js';

export { getLocale, locales, type Locale };

/** Intl needs a region for dates and numbers: Luxembourg and France read like fr-FR. */
const INTL_LOCALES: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Each language named in itself, as a language menu shows them. */
export const LOCALE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

export function intlLocale(): string {
	return INTL_LOCALES[getLocale()];
}

/** Sets `<html lang>` to the current locale (app.html says "fr" until the app starts). */
export function syncDocumentLang(): void {
	if (typeof document !== 'undefined') document.documentElement.lang = getLocale();
}

/** Stores the choice on this device and reloads, so every string and date is in the new language. */
export function switchLocale(locale: Locale): void {
	if (locale === getLocale()) return;
	void setLocale(locale);
	syncDocumentLang();
}

export function isLocale(value: string): value is Locale {
	return (locales as readonly string[]).includes(value);
}
