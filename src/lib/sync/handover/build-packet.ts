/**
 * Packs this member's own changes to a board into a signed packet (packet.ts): everything the
 * member wrote, from any of their devices, as this device holds it. From clock 0 of each of their
 * client ids, so a receiver that lacks some of their older writes can still apply it (a packet
 * that starts in the middle of a client would wait for a gap nobody at the door can fill).
 */
import type * as Y from 'yjs';
import type { DeviceSigner } from '../signed-calls';
import { memberChanges } from './member-changes';
import { encodePacket, packetChain, packetSigningBytes, type PacketBody } from './packet';

export type PacketSigner = Pick<DeviceSigner, 'memberId' | 'deviceKey' | 'chain' | 'sign'>;

export async function buildPacket(
	doc: Y.Doc,
	boardId: string,
	signer: PacketSigner,
	{ about = '', now = Date.now() }: { about?: string; now?: number } = {}
): Promise<Uint8Array> {
	const { update, clients } = memberChanges(doc, signer.memberId);
	const body: PacketBody = {
		boardId,
		memberId: signer.memberId,
		deviceKey: signer.deviceKey,
		chain: packetChain(signer.chain),
		about,
		createdAt: Math.floor(now),
		clients,
		update
	};
	const signed = packetSigningBytes(body);
	return encodePacket(signed, await signer.sign(signed));
}
