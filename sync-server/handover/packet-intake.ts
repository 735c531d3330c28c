/**
 * A signed packet handed over on a connection (issue 18): a member's phone received another
 * member's changes by hand at the door and gives them to the relay. Checked exactly as that phone
 * checked them (src/lib/sync/handover/check-packet.ts) — with Node's crypto, the room's policy for
 * standing (removals, taken-back devices, a member the room knows) and the room's client bindings
 * for who writes with which client id — then stored as the author's own write (room.ts
 * `receivePacket`), so the author's other devices and the other members learn it even if the
 * author's phone never reconnects.
 *
 * A refusal is the packet's, not the carrier's: it is answered with MESSAGE_PACKET_RESULT and
 * counted, and never counts toward the connection's refused updates.
 */
import type * as Y from 'yjs';
import { collection, PROFILE_RECORD_ID, ROOT } from '../../src/lib/domain/board/schema';
import { recordKey } from '../../src/lib/domain/ids';
import {
	checkPacket,
	type PacketCheck,
	type PacketCheckContext
} from '../../src/lib/sync/handover/check-packet';
import { packetId, type PacketResult } from '../../src/lib/sync/protocol';
import { verifyWithNodeCrypto } from '../ed25519';
import type { RoomPolicy } from '../policy/room-policy';
import { UpdateRefused, type Peer, type Room } from '../room';

/** The room's view of a packet author's standing, as the phone's standing-in-doc.ts reads it. */
export function standingInRoom(policy: RoomPolicy, doc: Y.Doc): PacketCheckContext['standing'] {
	return ({ memberId, deviceKey, chain }) => {
		const refusal = policy.refusal({ memberId, deviceKey, chain });
		if (refusal) return { reason: refusal.kind, detail: refusal.reason };
		const profile = collection(doc, ROOT.members).has(recordKey(memberId, PROFILE_RECORD_ID));
		if (!profile && !policy.knowsMember(memberId)) {
			return { reason: 'unknown-member', detail: 'a member this board does not know' };
		}
		return null;
	};
}

export function checkAtRelay(bytes: Uint8Array, room: Room): Promise<PacketCheck> {
	return checkPacket(bytes, {
		boardId: room.id,
		doc: room.doc,
		verify: verifyWithNodeCrypto,
		standing: standingInRoom(room.policy, room.doc),
		ownerOf: (client) => room.policy.ownerOf(client)
	});
}

/**
 * Stores a packet that passed: resolves with its result once committed (rejects only when
 * storage fails), or returns at once the refusal the room found when judging it again.
 */
export function storePacket(
	bytes: Uint8Array,
	check: PacketCheck & { ok: true },
	room: Room,
	carrier: Peer
): PacketResult | Promise<PacketResult> {
	const id = packetId(bytes);
	try {
		const stored = room.receivePacket(check.packet.update, check.packet.memberId, carrier);
		if (!(stored instanceof Promise)) {
			return { id, outcome: stored.reason, detail: stored.detail, retryable: !!stored.retryable };
		}
		return stored.then(() => ({ id, outcome: 'ok', detail: '', retryable: false }));
	} catch (error) {
		if (!(error instanceof UpdateRefused)) throw error;
		return { id, outcome: error.reason, detail: error.detail, retryable: false };
	}
}

export function refusedResult(bytes: Uint8Array, check: PacketCheck & { ok: false }): PacketResult {
	return {
		id: packetId(bytes),
		outcome: check.reason,
		detail: check.detail,
		retryable: !!check.retryable
	};
}
