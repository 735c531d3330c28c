/**
 * Which page of this app a scanned link opens. Only the path and the fragment matter (the
 * fragment holds the capability and never reaches a server), so a link made on another copy of
 * the app (another origin) opens here too; anything else is refused.
 */
import { JOIN_PATH, parseInviteFragment } from '../board/invite';
import { DEVICES_PATH, LINK_PATH } from '../identity/link-codes';

export interface AppLink {
	path: '/join' | '/devices' | '/link';
	/** The fragment, with its '#'. */
	hash: string;
}

export function appLinkOf(text: string): AppLink | null {
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	const params = new URLSearchParams(url.hash.replace(/^#/, ''));
	if (url.pathname === JOIN_PATH && parseInviteFragment(url.hash)) {
		return { path: '/join', hash: url.hash };
	}
	// Device-link codes (link-codes.ts): the new device's request, the linking device's answer.
	if (url.pathname === DEVICES_PATH && params.get('link'))
		return { path: '/devices', hash: url.hash };
	if (url.pathname === LINK_PATH && params.get('response'))
		return { path: '/link', hash: url.hash };
	return null;
}
