/**
 * Which page of this app a scanned link opens. Only the path and the fragment matter (the
 * fragment holds the capability and never reaches a server), so a link made on another copy of
 * the app (another origin) opens here too; anything else is refused. The fragment's shape is
 * checked here, its contents by the page it opens (which explains a broken link in words): so
 * this file imports nothing, and the scanner's page splits no shared chunk of the first load.
 */

export interface AppLink {
	path: '/join' | '/devices' | '/link';
	/** The fragment, with its '#'. */
	hash: string;
}

/** Each page a code may open, and the fragment parameters its codes always carry. */
const PAGES: { path: AppLink['path']; params: string[] }[] = [
	// Invite links (board/invite.ts `inviteUrl`).
	{ path: '/join', params: ['board', 'key'] },
	// Device-link codes (identity/link-codes.ts): the new device's request, the other's answer.
	{ path: '/devices', params: ['link'] },
	{ path: '/link', params: ['response'] }
];

export function appLinkOf(text: string): AppLink | null {
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	const params = new URLSearchParams(url.hash.replace(/^#/, ''));
	const page = PAGES.find(({ path }) => path === url.pathname);
	if (!page || !page.params.every((name) => /^[\w-]+$/.test(params.get(name) ?? ''))) return null;
	return { path: page.path, hash: url.hash };
}
