/**
 * Where a path sits in the app's navigation (issue 19): which tab it belongs to, the board it is
 * on, and the page "back" leads to. Pure and word-free, so the tab bar, the side navigation and the
 * top bar agree, and tests can walk every route without a browser.
 *
 * Each destination has one home: the city directory (Découvrir), the search of posts across my
 * boards and the search of cowork slots live under "Chercher"; a board's own cowork stays a tab of
 * the board; profile, settings, devices and my hostings gather under "Moi".
 */
export type TabId = 'boards' | 'search' | 'bookings' | 'me';

export const TABS: readonly TabId[] = ['boards', 'search', 'bookings', 'me'];

/** The pages a tab opens on. */
export const TAB_PATHS = {
	boards: '/',
	search: '/search',
	bookings: '/bookings',
	me: '/me'
} as const satisfies Record<TabId, string>;

const SEARCH_PATHS = ['/search', '/cowork', '/discover'];
const ME_SUBPAGES = ['profile', 'settings', 'devices', 'hosting'];
const ME_PATHS = ['/me', '/profile', '/settings', '/devices', '/hosting', '/link'];

/** `/a/b/` → `['a', 'b']`: a trailing slash or a double one changes nothing. */
function segments(path: string): string[] {
	return path.split('/').filter(Boolean);
}

const under = (path: string, roots: readonly string[]) =>
	roots.some((root) => path === root || path.startsWith(`${root}/`));

/** The tab a path belongs to; null for the pages before an identity (welcome, join, scan). */
export function tabOf(path: string): TabId | null {
	if (under(path, SEARCH_PATHS)) return 'search';
	if (under(path, ['/bookings'])) return 'bookings';
	if (under(path, ME_PATHS)) return 'me';
	const first = segments(path)[0];
	if (first === undefined || first === 'b' || first === 'boards' || first === 'requests')
		return 'boards';
	return null;
}

/** The board id of a `/b/<id>/…` path, or null. */
export function boardIdOf(path: string): string | null {
	const [first, id] = segments(path);
	return first === 'b' && id ? id : null;
}

/** A parent page, as a route id with its board (if any): what the top bar's "back" opens. */
export type BackTarget =
	| { route: '/' | '/me' | '/discover' }
	| { route: '/b/[id]' | '/b/[id]/cowork'; id: string }
	| { route: '/b/[id]/spaces/[key]'; id: string; key: string };

/**
 * The page "back" leads to, or null on a top-level page (a tab's own page, a board and its cowork
 * half: the tab bar is their way out). A space and its door belong to the board's cowork half;
 * editing a space goes back to that space. It is the page's only "back": pages keep no link of
 * their own to the same place.
 */
export function backOf(path: string): BackTarget | null {
	const parts = segments(path);
	const [first, id, section, key, action] = parts;
	if (first === 'b' && id) {
		if (parts.length === 2 || (parts.length === 3 && section === 'cowork')) return null;
		if (section === 'spaces' && key && key !== 'new' && action === 'edit')
			return { route: '/b/[id]/spaces/[key]', id, key };
		if (section === 'spaces' || section === 'door') return { route: '/b/[id]/cowork', id };
		return { route: '/b/[id]', id };
	}
	if (first === 'discover' && parts.length > 1) return { route: '/discover' };
	if (parts.length === 1 && ME_SUBPAGES.includes(first ?? '')) return { route: '/me' };
	if (first === 'boards' || first === 'requests') return { route: '/' };
	return null;
}
