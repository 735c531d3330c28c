/**
 * Invite links carry the board id and its secret in the URL *fragment*, which browsers never send
 * to servers, so neither the relay nor any proxy log ever sees the secret.
 */
import { isId, randomId } from '../ids';
import { encodeInviteCard, type InviteCard } from './invite-card';

export interface Invite {
	boardId: string;
	secret: string;
}

export const JOIN_PATH = '/join';

export function newBoardSecret(): string {
	return randomId() + randomId();
}

/** The shape of a board secret: what newBoardSecret makes, with room for older or longer ones. */
export function isBoardSecret(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z0-9_-]{22,88}$/.test(value);
}

/** The link; with `card`, the inviter's signed card rides along (`&card=…`, invite-card.ts). */
export function inviteUrl(origin: string, invite: Invite, card?: InviteCard | null): string {
	const params = new URLSearchParams({ board: invite.boardId, key: invite.secret });
	if (card) params.set('card', encodeInviteCard(card));
	return `${origin}${JOIN_PATH}#${params.toString()}`;
}

/** The encoded card of a link, unchecked (verifiedInviteCard checks it), or null without one. */
export function inviteCardParam(hash: string): string | null {
	return new URLSearchParams(hash.replace(/^#/, '')).get('card');
}

/** Reads `#board=…&key=…`; anything malformed gives null (the page explains the link is broken). */
export function parseInviteFragment(hash: string): Invite | null {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	const boardId = params.get('board');
	const secret = params.get('key');
	if (!isId(boardId) || !isBoardSecret(secret)) return null;
	return { boardId, secret };
}
