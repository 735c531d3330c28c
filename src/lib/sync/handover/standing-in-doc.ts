/**
 * A packet author's standing as a phone's copy of the board says it (check-packet.ts step 3): a
 * member with a profile here, no admin's removal mark, and their own profile not marking the
 * signing device — or any device of its chain — as taken back. The relay asks its room policy
 * instead, which reads the same records (sync-server/handover/).
 */
import type * as Y from 'yjs';
import { readMembers } from '../../domain/members/read';
import { readRemovedMembers } from '../../domain/trust/moderation';
import type { PacketCheckContext } from './check-packet';
import type { Packet } from './packet';

export function standingInDoc(doc: Y.Doc, boardId: string): PacketCheckContext['standing'] {
	return (packet: Packet) => {
		if (readRemovedMembers(doc, boardId).has(packet.memberId)) {
			return { reason: 'removed', detail: 'removed by an admin' };
		}
		const profile = readMembers(doc).get(packet.memberId);
		if (!profile) return { reason: 'unknown-member', detail: 'no profile of this member here' };
		const takenBack = new Set(
			profile.devices.filter((c) => c.removedAt != null).map((c) => c.deviceKey)
		);
		if (profile.rootRemovedAt != null) takenBack.add(profile.publicKey);
		if (takenBack.has(packet.deviceKey)) {
			return { reason: 'device-removed', detail: 'device taken back by its member' };
		}
		// As the relay's policy: a certificate from a device taken back counts only if the member's
		// profile lists it (a stolen device could go on issuing certificates).
		const listed = (c: Packet['chain'][number]) =>
			profile.devices.some(
				(l) =>
					l.deviceKey === c.deviceKey &&
					l.issuer === c.issuer &&
					l.signature === c.signature &&
					l.encryptionKey === c.encryptionKey &&
					l.label === c.label &&
					l.addedAt === c.addedAt
			);
		if (packet.chain.some((c) => takenBack.has(c.issuer) && !listed(c))) {
			return { reason: 'device-removed', detail: 'certified by a device taken back' };
		}
		return null;
	};
}
