/**
 * The card an invite link carries (issue 17): which board, in which city, who invites, signed by
 * the inviter's device so a forwarded link cannot be reworded on the way. It rides in the URL
 * fragment next to the board id and secret (`&card=<base64url>`), so no server ever sees it.
 *
 * The card only *describes*: the link works with or without it. A card that is too long, cut,
 * badly signed or for another board is ignored (the page then speaks without its words), never
 * an error. The signer is checked like a connection proof: the member's root key (empty chain) or
 * a linked device whose certificates lead to it (identity/device-chain.ts).
 */
import * as v from 'valibot';
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import {
	certificateFields,
	isValidChain,
	type DeviceCertificate,
	type VerifySignature
} from '../identity/device-chain';
import { DeviceRecord, MAX_LINKED_DEVICES } from '../identity/device-record';
import { memberIdFromPublicKey } from '../identity/member-id';
import { b64url, memberIdShape, signingKey, text, time } from '../fields';
import { ID_RE } from '../ids';

/** The signed bytes' context string: protocol, never reworded. */
export const INVITE_CARD_CONTEXT = 'quartier/invite-card/v1';

/**
 * A card with the longest names and a full chain of linked devices stays under 6 KiB of base64url;
 * links that long still fit every messenger and QR reader we tried, anything longer is refused.
 */
export const INVITE_CARD_MAX_CHARS = 6144;

/** Names as the board and profile forms cap them, so a card says nothing a board could not. */
export const INVITE_CARD_LIMITS = { boardName: 80, city: 80, inviterName: 80 } as const;

export interface InviteCardFields {
	boardId: string;
	boardName: string;
	city: string;
	inviterName: string;
	inviterId: string;
	/** The inviter's device key that signed; the root key when the chain is empty. */
	deviceKey: string;
	chain: DeviceCertificate[];
	issuedAt: number;
}

export interface InviteCard extends InviteCardFields {
	signature: string;
}

const CardShape = v.object({
	v: v.literal(1),
	boardId: v.pipe(v.string(), v.regex(ID_RE)),
	boardName: text(INVITE_CARD_LIMITS.boardName),
	city: text(INVITE_CARD_LIMITS.city),
	inviterName: text(INVITE_CARD_LIMITS.inviterName),
	inviterId: memberIdShape,
	deviceKey: signingKey,
	chain: v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LINKED_DEVICES)),
	issuedAt: time,
	signature: b64url(100)
});

/** The exact bytes the inviter's device signs: fixed order, the context first. */
export function inviteCardPayload(card: InviteCardFields): Uint8Array {
	const fields = [
		INVITE_CARD_CONTEXT,
		card.boardId,
		card.boardName,
		card.city,
		card.inviterName,
		card.inviterId,
		card.deviceKey,
		card.chain.map(certificateFields),
		card.issuedAt
	];
	return new TextEncoder().encode(JSON.stringify(fields));
}

export async function signInviteCard(
	fields: InviteCardFields,
	sign: (bytes: Uint8Array) => Promise<Uint8Array>
): Promise<InviteCard> {
	const signature = toBase64UrlEncoded(await sign(inviteCardPayload(fields)));
	return { ...fields, signature };
}

/** The card as it travels in the fragment. */
export function encodeInviteCard(card: InviteCard): string {
	const json = JSON.stringify({ v: 1, ...card });
	return toBase64UrlEncoded(new TextEncoder().encode(json));
}

/** The card's shape, or null for anything too long, cut or malformed. Checks no signature. */
export function decodeInviteCard(encoded: string): InviteCard | null {
	if (encoded.length === 0 || encoded.length > INVITE_CARD_MAX_CHARS) return null;
	if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
	try {
		const json: unknown = JSON.parse(
			new TextDecoder('utf-8', { fatal: true }).decode(fromBase64UrlEncoded(encoded))
		);
		const parsed = v.safeParse(CardShape, json);
		if (!parsed.success) return null;
		const { v: _version, ...card } = parsed.output;
		return card;
	} catch {
		return null;
	}
}

/**
 * The card when it is for this board and its inviter's device signed it; otherwise null. Never
 * throws: the card comes from whoever forwarded the link.
 */
export async function verifiedInviteCard(
	encoded: string,
	boardId: string,
	verify: VerifySignature
): Promise<InviteCard | null> {
	const card = decodeInviteCard(encoded);
	if (!card || card.boardId !== boardId) return null;
	try {
		const root = card.chain.length === 0 ? card.deviceKey : card.chain[0]!.issuer;
		if (memberIdFromPublicKey(root) !== card.inviterId) return null;
		const linked = await isValidChain(card.inviterId, root, card.chain, card.deviceKey, verify);
		if (!linked) return null;
		return (await verify(card.deviceKey, inviteCardPayload(card), card.signature)) ? card : null;
	} catch {
		return null;
	}
}
