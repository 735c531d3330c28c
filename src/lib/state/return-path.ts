/**
 * Where to come back to after onboarding: someone with no identity yet who asks to join a board
 * from the directory chooses a name first, then lands on the board's public page again.
 */
import type { QuartierDb } from '$lib/persistence/db';
import * as settings from '$lib/persistence/settings';

const KEY = 'returnAfterWelcome';

/** Only the app's own directory pages: a stored path is never an open redirect. */
const ALLOWED = /^\/discover(\/[A-Za-z0-9_-]{22})?$/;

export async function saveReturnPath(db: QuartierDb, path: string): Promise<void> {
	if (ALLOWED.test(path)) await settings.put(db, KEY, path);
}

/** The path saved before onboarding, forgotten as it is read; null when none. */
export async function takeReturnPath(db: QuartierDb): Promise<string | null> {
	const path = await settings.get<string>(db, KEY);
	if (path === undefined) return null;
	await settings.remove(db, KEY);
	return ALLOWED.test(path) ? path : null;
}
