/**
 * The icon set (icon-set.ts), loaded on first use instead of in the page's first chunk: until it
 * arrives, callers draw a same-size empty slot (no layout shift); the service worker precaches it
 * like every chunk, so offline it comes from the cache. A failed load leaves the slots empty and
 * is retried on the next use — a missing icon never breaks a page.
 */
type IconSet = typeof import('./icon-set');

let loaded = $state.raw<IconSet | null>(null);
let asked = false;

export function laterIcons(): IconSet | null {
	if (!asked && typeof window !== 'undefined') {
		asked = true;
		import('./icon-set').then(
			(set) => (loaded = set),
			() => (asked = false)
		);
	}
	return loaded;
}
