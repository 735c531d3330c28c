import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateIdentityKeys, signBytes, verifyBytes } from '$lib/domain/identity/keys';
import { buildPacket, type PacketSigner } from './build-packet';
import { checkPacket, type PacketCheckContext } from './check-packet';
import { standingInDoc } from './standing-in-doc';

const BOARD = 'b'.repeat(22);

async function signer(): Promise<PacketSigner> {
	const keys = await generateIdentityKeys();
	return {
		memberId: keys.memberId,
		deviceKey: keys.publicKey,
		chain: [],
		sign: (bytes) => signBytes(keys.privateKey, bytes)
	};
}

function context(doc: Y.Doc, boardId = BOARD): PacketCheckContext {
	return { boardId, doc, verify: verifyBytes, standing: standingInDoc(doc, boardId) };
}

describe('signed packets (smoke)', () => {
	it('carries the author’s records only, and another phone applies it', async () => {
		const host = await signer();
		const other = await signer();
		const hostDoc = new Y.Doc();
		hostDoc.getMap('posts').set(`${host.memberId}:p1`, { title: 'Perceuse' });
		const otherDoc = new Y.Doc();
		otherDoc.getMap('posts').set(`${other.memberId}:p2`, { title: 'Soupe' });
		Y.applyUpdate(hostDoc, Y.encodeStateAsUpdate(otherDoc));
		hostDoc.getMap('posts').set(`${host.memberId}:p1`, { title: 'Perceuse et mèches' });

		const packet = await buildPacket(hostDoc, BOARD, host, { about: 'p1' });
		const guestDoc = new Y.Doc();
		const result = await checkPacket(packet, context(guestDoc));
		expect(result).toMatchObject({ ok: true, changes: true });
		if (!result.ok) return;
		Y.applyUpdate(guestDoc, result.packet.update);
		expect(guestDoc.getMap('posts').toJSON()).toEqual({
			[`${host.memberId}:p1`]: { title: 'Perceuse et mèches' }
		});
		const elsewhere = await checkPacket(packet, context(guestDoc, 'c'.repeat(22)));
		expect(elsewhere).toMatchObject({ ok: false, reason: 'other-board' });
		const flipped = packet.slice();
		flipped[flipped.length - 5]! ^= 1;
		expect(await checkPacket(flipped, context(guestDoc))).toMatchObject({
			ok: false,
			reason: 'bad-signature'
		});
	});
});
