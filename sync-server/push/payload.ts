/**
 * The bytes a push carries, before encryption (the contract in briefs/push.md): the version, the
 * app's name, the words (words.ts), where a tap leads and a tag that lets a phone replace an older
 * notification of the same kind on the same board. Nothing else: the payload passes a push
 * service run by a browser vendor.
 */
import type { PushLocale } from './subscription-store';
import { pushBody, type PushKind } from './words';

export interface PushPayload {
	v: 1;
	title: 'Quartier';
	body: string;
	path: string;
	tag: string;
}

export function pushPayload(
	locale: PushLocale,
	kind: PushKind,
	boardId: string,
	boardName: string,
	path: string,
	count = 1
): PushPayload {
	return {
		v: 1,
		title: 'Quartier',
		body: pushBody(locale, kind, boardName, count),
		path: isAppPath(path) ? path : boardPath(boardId),
		tag: `${boardId}:${kind}`
	};
}

export function boardPath(boardId: string): string {
	return `/b/${encodeURIComponent(boardId)}`;
}

/** A path inside the app, as the service worker accepts it. */
function isAppPath(path: string): boolean {
	return /^\/(b\/|bookings(\/|$))[^\s\\]*$/.test(path) && !path.startsWith('//');
}
