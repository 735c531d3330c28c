/**
 * Signed packets in relay tests (issue 18): a test member's signed profile in a doc (what a
 * receiving phone checks a packet's author against), a packet signer over a test member's keys,
 * and a phone's relay link that hands over the packets it received by hand.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import { publishProfile } from '../../src/lib/domain/members/publish';
import type { ProfileFields } from '../../src/lib/domain/members/types';
import { profilePayload, verifyBytes } from '../../src/lib/domain/identity/keys';
import { BoardConnection } from '../../src/lib/sync/board-connection';
import type { PacketSigner } from '../../src/lib/sync/handover/build-packet';
import { checkPacket, type PacketCheck } from '../../src/lib/sync/handover/check-packet';
import { standingInDoc } from '../../src/lib/sync/handover/standing-in-doc';
import { packetId, type PacketResult } from '../../src/lib/sync/protocol';
import { rootKeyOf, type TestMember } from './members';
import type { RelayProcess } from './relay-process';

const ENC = `B${'A'.repeat(86)}`;

/**
 * The member's profile, signed by `device` (its root key by default), written in `doc`; it lists
 * `devices` (the signing device's chain by default).
 */
export function publishTestProfile(
	doc: Y.Doc,
	member: TestMember,
	device = member,
	devices: DeviceCertificate[] = device.chain
): void {
	const fields: ProfileFields = {
		name: 'Membre',
		bio: '',
		publicKey: rootKeyOf(member),
		joinedAt: 1000,
		encryptionKey: ENC,
		signer: device.publicKey,
		devices,
		rootRemovedAt: null,
		updatedAt: 2000
	};
	const signature = Buffer.from(device.sign(profilePayload(fields))).toString('base64url');
	publishProfile(doc, member.memberId, { ...fields, signature });
}

export function packetSigner(device: TestMember): PacketSigner {
	return {
		memberId: device.memberId,
		deviceKey: device.publicKey,
		chain: device.chain,
		sign: (bytes) => Promise.resolve(device.sign(bytes))
	};
}

/** A phone on its relay link, with the packets it received by hand (as session.handover keeps them). */
export interface HandoverPhone {
	doc: Y.Doc;
	connection: BoardConnection;
	refusals: string[];
	results: PacketResult[];
	/** Checks a packet as the phone does and, when it passes, applies and keeps it. */
	receive(bytes: Uint8Array): Promise<PacketCheck>;
	synced(): boolean;
}

export function handoverPhone(
	relay: RelayProcess,
	boardId: string,
	token: string,
	member: TestMember,
	doc: Y.Doc
): HandoverPhone {
	const kept = new Map<string, Uint8Array>();
	const handed = new Set<number>();
	const refusals: string[] = [];
	const results: PacketResult[] = [];
	let synced = false;
	const connection = new BoardConnection(
		doc,
		{
			relayUrl: relay.url,
			boardId,
			token,
			prove: (payload) =>
				Promise.resolve({
					memberId: member.memberId,
					publicKey: member.publicKey,
					signature: member.sign(payload),
					chain: member.chain
				}),
			ignoredOrigins: [],
			packets: { kept: () => Promise.resolve([...kept.values()]), clients: () => handed },
			WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket
		},
		{
			onLocalChange: () => {},
			onAck: () => {},
			onState: (state) => (synced ||= state === 'connected'),
			onRefused: (reason, detail) => refusals.push(`${reason}: ${detail}`),
			onPacketResult: (result) => {
				results.push(result);
				if (result.outcome === 'ok' || !result.retryable) kept.delete(result.id);
			}
		}
	);
	return {
		doc,
		connection,
		refusals,
		results,
		synced: () => synced,
		async receive(bytes) {
			const result = await checkPacket(bytes, {
				boardId,
				doc,
				verify: verifyBytes,
				standing: standingInDoc(doc, boardId)
			});
			if (!result.ok) return result;
			for (const client of result.packet.clients) handed.add(client);
			kept.set(packetId(bytes), bytes);
			connection.applyReceived(result.packet.update);
			connection.sendPacket(bytes);
			return result;
		}
	};
}
