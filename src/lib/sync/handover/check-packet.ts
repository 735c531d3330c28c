/**
 * Whether a packet may be applied to a board, on a phone or on the relay — the same checks in the
 * same order, so the two never disagree (issue 18):
 *
 * 1. its bytes read as a packet (packet.ts), for this board;
 * 2. the member id derives from the chain's root key, every certificate of the chain is signed by
 *    the previous device, the chain ends at the signing device, and the signature over the
 *    packet checks;
 * 3. the member and that device are in good standing where it is checked (a member the board
 *    knows, not removed by an admin, device not taken back) — the phone asks its copy of the
 *    board, the relay its policy: a packet never brings in someone the board never admitted;
 * 4. the update holds only the author's client ids and deletions of their clients, and passes the
 *    write scope the relay applies to a connection (write-scope.ts), with the author as sender.
 *
 * Nothing is applied here: the caller applies `packet.update` only when the result is ok.
 */
import type * as Y from 'yjs';
import { isValidChain, type VerifySignature } from '../../domain/identity/device-chain';
import { memberIdFromPublicKey } from '../../domain/identity/member-id';
import { decodeCanonicalV1 } from '../update-structs';
import { checkUpdate, type RefusalReason } from '../write-scope';
import { clientOwners } from './member-changes';
import { decodePacket, type Packet } from './packet';
import { toBase64UrlEncoded } from 'lib0/buffer';

export type PacketRefusalReason =
	| 'malformed'
	| 'other-board'
	| 'bad-signature'
	| 'not-members-device'
	| 'unknown-member'
	| 'removed'
	| 'device-removed'
	| 'unlisted-client'
	| RefusalReason;

export type PacketCheck =
	| {
			ok: true;
			packet: Packet;
			/** False when the receiver already holds all of it (a replay). */
			changes: boolean;
			/** Client ids nobody had claimed, now the author's (the relay binds them). */
			newClients: number[];
	  }
	| {
			ok: false;
			reason: PacketRefusalReason;
			detail: string;
			/** The update only waits for older data of the author's: it may pass once that came. */
			retryable?: boolean;
			/** Present once the bytes read as a packet (to name its author in a message). */
			packet?: Packet;
	  };

export type StandingRefusal = 'unknown-member' | 'removed' | 'device-removed';

export interface PacketCheckContext {
	boardId: string;
	/** The receiver's copy of the board. Read only. */
	doc: Y.Doc;
	/** Ed25519 verification (WebCrypto on a phone, Node's crypto on the relay). */
	verify: VerifySignature;
	/**
	 * Why this member's device may not write here (any more), or null: a member the board does not
	 * know ('unknown-member'), removed by an admin ('removed'), or the device (or a device of its
	 * chain) taken back ('device-removed').
	 */
	standing(packet: Packet): { reason: StandingRefusal; detail: string } | null;
	/**
	 * Which member a Yjs client id writes for, where the receiver knows better than the document
	 * (the relay's bindings). Defaults to what the document shows (member-changes.ts).
	 */
	ownerOf?(client: number): string | undefined;
}

export async function checkPacket(
	bytes: Uint8Array,
	ctx: PacketCheckContext
): Promise<PacketCheck> {
	const packet = decodePacket(bytes);
	if ('problem' in packet) return { ok: false, reason: 'malformed', detail: packet.problem };
	const refuse = (reason: PacketRefusalReason, detail: string): PacketCheck => ({
		ok: false,
		reason,
		detail,
		packet
	});
	if (packet.boardId !== ctx.boardId) return refuse('other-board', `for board ${packet.boardId}`);

	const root = packet.chain.length === 0 ? packet.deviceKey : packet.chain[0]!.issuer;
	if (!isMemberKey(root, packet.memberId)) {
		return refuse('not-members-device', 'the member id does not derive from the root key');
	}
	const chained = await isValidChain(
		packet.memberId,
		root,
		packet.chain,
		packet.deviceKey,
		ctx.verify
	);
	if (!chained) return refuse('not-members-device', 'no valid chain to the signing device');
	const signed = await ctx.verify(
		packet.deviceKey,
		packet.signed,
		toBase64UrlEncoded(packet.signature)
	);
	if (!signed) return refuse('bad-signature', 'the signature does not check');

	const standing = ctx.standing(packet);
	if (standing) return refuse(standing.reason, standing.detail);

	const decoded = decodeCanonicalV1(packet.update);
	if ('problem' in decoded) return refuse('malformed', `update: ${decoded.problem}`);
	const listed = new Set(packet.clients);
	const known = ctx.ownerOf ? null : clientOwners(ctx.doc);
	const ownerOf = (client: number) => (ctx.ownerOf ? ctx.ownerOf(client) : known!.get(client));
	for (const client of new Set([...decoded.runs.keys(), ...decoded.deletions.keys()])) {
		if (!listed.has(client)) return refuse('unlisted-client', `client ${client} is not listed`);
	}
	for (const client of listed) {
		const owner = ownerOf(client);
		if (owner !== undefined && owner !== packet.memberId) {
			return refuse('foreign-client', `client ${client} writes for another member`);
		}
	}
	const scope = checkUpdate(ctx.doc, packet.update, {
		sender: packet.memberId,
		ownerOf: (client) => ownerOf(client) ?? (listed.has(client) ? packet.memberId : undefined)
	});
	if (!scope.ok) {
		return {
			ok: false,
			reason: scope.reason,
			detail: scope.detail,
			retryable: scope.retryable,
			packet
		};
	}
	return { ok: true, packet, changes: scope.changes, newClients: scope.newClients };
}

function isMemberKey(key: string, memberId: string): boolean {
	try {
		return memberIdFromPublicKey(key) === memberId;
	} catch {
		return false;
	}
}
