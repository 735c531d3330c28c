/**
 * For unit tests: run `fn` with another locale. Vitest runs in Node, where Paraglide's runtime
 * always resolves the base locale (French); messages and the formatters of ./format follow.
 */
import { getLocale, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';

export function withLocale<T>(locale: Locale, fn: () => T): T {
	const previous = getLocale;
	overwriteGetLocale(() => locale);
	try {
		return fn();
	} finally {
		overwriteGetLocale(previous);
	}
}
