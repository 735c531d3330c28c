/**
 * Whether this device had an identity the last time the app ran, read synchronously at start.
 * The identity itself comes from IndexedDB a few hundred milliseconds later on a slow phone; until
 * then the shell draws its menu from this hint, so the menu is there from the first frame instead
 * of popping in above the page and pushing it down (layout shift, issue 15). Only a hint: the menu
 * follows the real identity as soon as it is known, and a wrong hint costs one shift, no more.
 */
const KEY = 'quartier.shell.identity';

export function hadIdentity(): boolean {
	try {
		return localStorage.getItem(KEY) === '1';
	} catch {
		// Storage blocked (private mode, policies): no hint, the shell waits as before.
		return false;
	}
}

export function rememberIdentity(present: boolean): void {
	try {
		if (present) localStorage.setItem(KEY, '1');
		else localStorage.removeItem(KEY);
	} catch {
		// Nothing to do: the next start simply has no hint.
	}
}
