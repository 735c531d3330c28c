import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64UrlEncoded } from 'lib0/buffer';
import { certificatePayload, type DeviceCertificate } from '../identity/device-chain';
import { generateIdentityKeys, signBytes, verifyBytes, type IdentityKeys } from '../identity/keys';
import { memberIdFromPublicKey } from '../identity/member-id';
import { randomId } from '../ids';
import {
	decodeInviteCard,
	encodeInviteCard,
	INVITE_CARD_MAX_CHARS,
	signInviteCard,
	verifiedInviteCard,
	type InviteCardFields
} from './invite-card';
import { inviteCardParam, inviteUrl, newBoardSecret, parseInviteFragment } from './invite';

let amelie: IdentityKeys;
let phone: IdentityKeys;
const boardId = randomId();

beforeAll(async () => {
	amelie = await generateIdentityKeys();
	phone = await generateIdentityKeys();
});

function fields(over: Partial<InviteCardFields> = {}): InviteCardFields {
	return {
		boardId,
		boardName: 'Rue des Lilas',
		city: 'Lyon',
		inviterName: 'Amélie',
		inviterId: amelie.memberId,
		deviceKey: amelie.publicKey,
		chain: [],
		issuedAt: 1_700_000_000_000,
		...over
	};
}

const signWith = (keys: IdentityKeys) => (bytes: Uint8Array) => signBytes(keys.privateKey, bytes);

async function linkedPhoneCertificate(): Promise<DeviceCertificate> {
	const unsigned = {
		deviceKey: phone.publicKey,
		encryptionKey: `B${'A'.repeat(86)}`,
		label: 'Téléphone',
		addedAt: 5,
		issuer: amelie.publicKey,
		signature: ''
	};
	const signature = await signBytes(
		amelie.privateKey,
		certificatePayload(amelie.memberId, unsigned)
	);
	return { ...unsigned, signature: toBase64UrlEncoded(signature) };
}

describe('invite cards', () => {
	it('round-trips through the link’s fragment, and the signature checks', async () => {
		const card = await signInviteCard(fields(), signWith(amelie));
		const url = inviteUrl('https://quartier.example', { boardId, secret: newBoardSecret() }, card);
		const hash = new URL(url).hash;
		expect(parseInviteFragment(hash)?.boardId).toBe(boardId);
		const encoded = inviteCardParam(hash);
		expect(encoded).not.toBeNull();
		expect(await verifiedInviteCard(encoded!, boardId, verifyBytes)).toEqual(card);
	});

	it('accepts a card signed by a linked device whose chain leads to the member', async () => {
		const chain = [await linkedPhoneCertificate()];
		const card = await signInviteCard(
			fields({ deviceKey: phone.publicKey, chain }),
			signWith(phone)
		);
		const verified = await verifiedInviteCard(encodeInviteCard(card), boardId, verifyBytes);
		expect(verified).toMatchObject({ inviterName: 'Amélie', deviceKey: phone.publicKey });
	});

	it('ignores a card with a bad signature, reworded words, or another signer', async () => {
		const card = await signInviteCard(fields(), signWith(amelie));
		const reworded = { ...card, boardName: 'Rue des Roses' };
		expect(await verifiedInviteCard(encodeInviteCard(reworded), boardId, verifyBytes)).toBeNull();
		const byStranger = await signInviteCard(fields(), signWith(phone));
		expect(await verifiedInviteCard(encodeInviteCard(byStranger), boardId, verifyBytes)).toBeNull();
		// A device key that is not the member's, with no chain: someone else speaking as Amélie.
		const impostor = await signInviteCard(fields({ deviceKey: phone.publicKey }), signWith(phone));
		expect(await verifiedInviteCard(encodeInviteCard(impostor), boardId, verifyBytes)).toBeNull();
		expect(memberIdFromPublicKey(phone.publicKey)).not.toBe(amelie.memberId);
	});

	it('ignores a card for another board', async () => {
		const card = await signInviteCard(fields(), signWith(amelie));
		expect(await verifiedInviteCard(encodeInviteCard(card), randomId(), verifyBytes)).toBeNull();
	});

	it('ignores a truncated, oversized or malformed card without throwing', async () => {
		const encoded = encodeInviteCard(await signInviteCard(fields(), signWith(amelie)));
		for (const broken of [
			encoded.slice(0, encoded.length - 7),
			encoded.slice(0, 40),
			'',
			'***',
			'A'.repeat(INVITE_CARD_MAX_CHARS + 1),
			toBase64UrlEncoded(new TextEncoder().encode('{"v":1}')),
			toBase64UrlEncoded(new Uint8Array([0xff, 0xfe, 0xfd]))
		]) {
			expect(decodeInviteCard(broken)).toBeNull();
			expect(await verifiedInviteCard(broken, boardId, verifyBytes)).toBeNull();
		}
		const long = await signInviteCard(fields({ boardName: 'x'.repeat(200) }), signWith(amelie));
		expect(decodeInviteCard(encodeInviteCard(long))).toBeNull();
	});

	it('links without a card still parse, and say there is none', () => {
		const secret = newBoardSecret();
		const hash = new URL(inviteUrl('https://q.example', { boardId, secret })).hash;
		expect(parseInviteFragment(hash)).toEqual({ boardId, secret });
		expect(inviteCardParam(hash)).toBeNull();
	});
});
