/**
 * Signed hand-over on the phone (issue 18): this member's packet for another phone at the door,
 * and packets received by hand from another member. A received packet is checked exactly as the
 * relay will check it (sync/handover/check-packet.ts), applied as if the relay had sent it (never
 * as this device's own update, never pending), and kept in Dexie until the relay has taken it:
 * the relay link hands it over right after its member proof, or at once when connected.
 *
 * A packet that only waits for older data of its author's is `held`, unapplied, and checked
 * again whenever the doc gains data (after a sync), then applied.
 */
import { verifyBytes } from '$lib/domain/identity/keys';
import * as store from '$lib/persistence/handover-store';
import type { HandoverPacketRow } from '$lib/persistence/db';
import type { HandedPackets } from '$lib/sync/board-connection';
import type { PacketCheck, PacketRefusalReason } from '$lib/sync/handover/check-packet';
import { packetId, type PacketResult } from '$lib/sync/protocol';
import { deviceSigner } from '../device-signer';
import type { BoardScope } from './scope';

export type ReceiveOutcome =
	| { kind: 'applied' | 'already'; author: string; about: string }
	/** Waits for older data of the author's; applied by itself once that came. */
	| { kind: 'held'; author: string; about: string }
	| { kind: 'refused'; reason: PacketRefusalReason; detail: string };

/** What the service needs of the relay link (board-connection.ts). */
export interface HandoverLink {
	applyReceived(update: Uint8Array): void;
	sendPacket(bytes: Uint8Array): void;
}

/** Held packets are checked again once a burst of updates has settled. */
const RETRY_SETTLE_MS = 300;

export class HandoverService implements HandedPackets {
	/** Packets received by hand that the relay has not taken yet (held ones included). */
	waiting = $state(0);

	private link: HandoverLink | null = null;
	private ready: Promise<void>;
	private markReady!: () => void;
	private handed = new Set<number>();
	private stopWatch: () => void = () => {};
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	/** One receive or retry at a time: two checks must not apply against the same old doc. */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly scope: BoardScope,
		private readonly now: () => number = Date.now
	) {
		this.ready = new Promise((resolve) => (this.markReady = resolve));
	}

	/** Before the relay link starts: which client ids came by hand (left out of its sync). */
	async load(): Promise<void> {
		const { db, boardId } = this.scope;
		this.handed = await store.handoverClients(db, boardId);
		this.stopWatch = store.watchKeptCount(
			db,
			boardId,
			(count) => (this.waiting = count),
			this.scope.reportError
		);
	}

	/** The doc is loaded and linked: receiving may apply from now on. */
	start(link: HandoverLink): void {
		this.link = link;
		this.scope.doc.on('update', this.onDocUpdate);
		this.markReady();
		this.retrySoon();
	}

	stop(): void {
		// A receive that waited for the board to open must not wait for ever once it is closed.
		this.markReady();
		this.stopWatch();
		this.scope.doc.off('update', this.onDocUpdate);
		if (this.retryTimer !== null) clearTimeout(this.retryTimer);
		this.link = null;
	}

	/** This member's own changes to the board, signed by this device, for another phone. */
	async build(about = ''): Promise<Uint8Array> {
		const { buildPacket } = await packetCode();
		const { doc, boardId, identity } = this.scope;
		return buildPacket(doc, boardId, deviceSigner(identity), { about, now: this.now() });
	}

	/** Checks a packet received by hand; applies and keeps it, holds it, or says why not. */
	receive(bytes: Uint8Array): Promise<ReceiveOutcome> {
		const run = this.queue.then(async () => {
			await this.ready;
			return this.take(bytes);
		});
		this.queue = run.catch(() => {});
		return run;
	}

	// HandedPackets, for the relay link.

	async kept(): Promise<Uint8Array[]> {
		return (await store.keptPackets(this.scope.db, this.scope.boardId)).map((r) => r.bytes);
	}

	clients(): ReadonlySet<number> {
		return this.handed;
	}

	/** The relay's word on a packet: taken or refused for good, it is no longer ours to send. */
	onRelayResult(result: PacketResult): void {
		if (result.outcome !== 'ok') {
			console.warn(`the relay refused a packet: ${result.outcome} (${result.detail})`);
		}
		if (result.outcome !== 'ok' && result.retryable) return;
		this.scope.track(store.dropPacket(this.scope.db, this.scope.boardId, result.id));
	}

	private async take(bytes: Uint8Array): Promise<ReceiveOutcome> {
		const result = await this.check(bytes);
		if (!result.ok) {
			if (!result.retryable || !result.packet) {
				return { kind: 'refused', reason: result.reason, detail: result.detail };
			}
			await this.keep(bytes, result.packet, 'held');
			this.link?.sendPacket(bytes);
			return { kind: 'held', author: result.packet.memberId, about: result.packet.about };
		}
		const { packet, changes } = result;
		await this.apply(bytes, result);
		this.link?.sendPacket(bytes);
		return { kind: changes ? 'applied' : 'already', author: packet.memberId, about: packet.about };
	}

	private async check(bytes: Uint8Array): Promise<PacketCheck> {
		const { checkPacket, standingInDoc } = await packetCode();
		const { doc, boardId } = this.scope;
		return checkPacket(bytes, {
			boardId,
			doc,
			verify: verifyBytes,
			standing: standingInDoc(doc, boardId)
		});
	}

	/**
	 * Kept first, then applied: a packet whose structs are in the doc is always either kept or
	 * its clients remembered, so the relay never sees them as this phone's own.
	 */
	private async apply(bytes: Uint8Array, result: PacketCheck & { ok: true }): Promise<void> {
		const { packet, changes } = result;
		// My own member's writes (from another of my devices) are mine to sync anyway.
		const foreign = packet.memberId !== this.scope.me;
		if (foreign) for (const client of packet.clients) this.handed.add(client);
		await this.keep(bytes, packet, 'applied', foreign);
		if (changes) this.link?.applyReceived(packet.update);
	}

	private keep(
		bytes: Uint8Array,
		packet: { memberId: string; about: string; clients: number[] },
		state: HandoverPacketRow['state'],
		foreign = true
	): Promise<void> {
		return store.keepPacket(this.scope.db, {
			boardId: this.scope.boardId,
			id: packetId(bytes),
			bytes,
			author: packet.memberId,
			about: packet.about,
			clients: foreign ? packet.clients : [],
			state,
			receivedAt: this.now()
		});
	}

	private readonly onDocUpdate = (_update: Uint8Array, origin: unknown) => {
		// Our own applications change nothing a held packet waits for by themselves.
		if (origin !== this.scope.origin) this.retrySoon();
	};

	private retrySoon(): void {
		if (this.retryTimer !== null) return;
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			const run = this.queue.then(() => this.retryHeld());
			this.queue = run.catch(this.scope.reportError);
		}, RETRY_SETTLE_MS);
	}

	/** Checks the held packets again; applies those that now pass, drops those refused for good. */
	private async retryHeld(): Promise<void> {
		if (!this.link) return;
		const { db, boardId } = this.scope;
		const held = (await store.keptPackets(db, boardId)).filter((r) => r.state === 'held');
		for (const row of held) {
			const result = await this.check(row.bytes);
			if (result.ok) await this.apply(row.bytes, result);
			else if (!result.retryable) await store.dropPacket(db, boardId, row.id);
		}
	}
}

/**
 * Building and checking packets (signatures, write scope) is loaded the first time a packet is
 * made or received: it is not part of opening a board.
 */
function packetCode() {
	return import('$lib/sync/handover/packet-code');
}
