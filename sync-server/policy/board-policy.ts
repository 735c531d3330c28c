/**
 * The relay's policy for a board: write scopes (src/lib/sync/write-scope.ts, shared with the app)
 * and awareness scopes over the room's client bindings, and the removals read from the board
 * itself — members an admin removed (moderation marks) and devices members took back (their
 * profiles). Removals take effect at once: the room is told to close the connections they refuse.
 */
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { readRemovedMembers } from '../../src/lib/domain/trust/moderation';
import { collection, ROOT } from '../../src/lib/domain/board/schema';
import { CLOSE_DEVICE_REMOVED, CLOSE_REMOVED } from '../../src/lib/sync/protocol';
import { checkUpdate } from '../../src/lib/sync/write-scope';
import type { Storage } from '../storage';
import { checkAwareness, type AwarenessView } from './awareness-scope';
import { StoredClientBindings, type ClientBindings } from './client-bindings';
import { DeviceRemovals } from './device-removals';
import type {
	MemberDevice,
	PolicyFactory,
	Refusal,
	RefusalOf,
	RoomPolicy,
	ScopeResult
} from './room-policy';

const REMOVED: Refusal = { kind: 'removed', code: CLOSE_REMOVED, reason: 'removed by an admin' };

/** The default: each room's client bindings in the relay's SQLite storage. */
export function storedBoardPolicies(storage: Storage, log: Logger): PolicyFactory {
	return async (roomId) =>
		new BoardPolicy(roomId, await StoredClientBindings.load(roomId, storage, log));
}

export class BoardPolicy implements RoomPolicy {
	/** Members an admin removed; refused at admission and disconnected when it happens. */
	private removed = new Set<string>();
	/** Devices members took back; refused at admission and disconnected when it happens. */
	private devices = new DeviceRemovals();

	constructor(
		private readonly roomId: string,
		private readonly bindings: ClientBindings
	) {}

	refusal(device: MemberDevice): Refusal | null {
		if (this.removed.has(device.memberId)) return REMOVED;
		return this.deviceRefusal(device);
	}

	bindClient(client: number, memberId: string): boolean {
		return this.bindings.claim(client, memberId);
	}

	whenClientBound(client: number, memberId: string): Promise<boolean> {
		return this.bindings.whenClaimed(client, memberId);
	}

	ownerOf(client: number): string | undefined {
		return this.bindings.ownerOf(client);
	}

	knowsMember(memberId: string): boolean {
		return this.bindings.hasMember(memberId);
	}

	checkUpdate(sender: string, update: Uint8Array, stored: Y.Doc): ScopeResult {
		return checkUpdate(stored, update, {
			sender,
			ownerOf: (client) => this.bindings.ownerOf(client)
		});
	}

	bindWritten(clients: readonly number[], memberId: string): void {
		this.bindings.adopt(clients, memberId);
	}

	checkAwareness(
		update: Uint8Array,
		ownClient: number,
		maxBytes: number,
		current: AwarenessView
	): string | null {
		return checkAwareness(update, ownClient, maxBytes, current);
	}

	watch(doc: Y.Doc, revoke: (refusalOf: RefusalOf) => void): void {
		this.removed = readRemovedMembers(doc, this.roomId);
		this.devices = DeviceRemovals.read(doc);
		// An admin's removal closes the removed member's connections.
		doc.getMap(ROOT.moderation).observe(() => {
			this.removed = readRemovedMembers(doc, this.roomId);
			revoke((device) => (this.removed.has(device.memberId) ? REMOVED : null));
		});
		// A member took a device back: the connections of that member's devices are judged again.
		collection(doc, ROOT.members).observe((event) => {
			const members = this.devices.update(doc, event.keysChanged);
			revoke((device) => (members.has(device.memberId) ? this.deviceRefusal(device) : null));
		});
	}

	/**
	 * Why this device of the member may not connect (its member took it back, or it was certified
	 * by a device taken back, by a certificate their profile does not list), or null.
	 */
	private deviceRefusal({ memberId, deviceKey, chain }: MemberDevice): Refusal | null {
		const reason = this.devices.refusal(memberId, deviceKey, chain);
		return reason === null ? null : { kind: 'device-removed', code: CLOSE_DEVICE_REMOVED, reason };
	}
}
