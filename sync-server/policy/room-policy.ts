/**
 * What the relay lets a member do in a room (DESIGN.md §6), as the one object a room asks: who
 * may stay (removed members and devices), which member each Yjs client id belongs to, and what an
 * update or a presence change may touch. The room owns the document, the peers and storage; the
 * policy owns the rules and the state they need.
 *
 * One policy per loaded room, made by a `PolicyFactory` the relay is wired with (board-policy.ts
 * is the default, over SQLite). A relay of several instances supplies the same rules over client
 * bindings every instance shares (client-bindings.ts says what such bindings must promise); the
 * removal marks already come from the board document, which every instance holds.
 */
import type * as Y from 'yjs';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import type { RefusalReason, ScopeResult } from '../../src/lib/sync/write-scope';
import type { AwarenessView } from './awareness-scope';

export type { AwarenessView, RefusalReason, ScopeResult };

/** A member's device, as its verified proof names it. */
export interface MemberDevice {
	readonly memberId: string;
	/** The key that signed the proof: the member's root key, or a linked device's. */
	readonly deviceKey: string;
	/** The verified certificates from the member's root key to `deviceKey`. */
	readonly chain: readonly DeviceCertificate[];
}

/** Why a device may not be in the room: the close code and reason it is sent off with. */
export interface Refusal {
	/** `removed`: an admin removed the member; `device-removed`: the member took the device back. */
	kind: 'removed' | 'device-removed';
	code: number;
	reason: string;
}

/** Given a device, the refusal that applies to it now, or null when it may stay. */
export type RefusalOf = (device: MemberDevice) => Refusal | null;

export interface RoomPolicy {
	/** Removals: why this device may not enter, or null. A removed member first, then the device. */
	refusal(device: MemberDevice): Refusal | null;
	/**
	 * Binds a Yjs client id to a member for good. False when another member has it. Per member, not
	 * per device: each of a member's devices binds its own client ids, and all of them write the
	 * member's records.
	 */
	bindClient(client: number, memberId: string): boolean;
	/**
	 * After `bindClient`, once its binding is committed: false when a store shared with other
	 * relay instances had it bound to another member first.
	 */
	whenClientBound(client: number, memberId: string): Promise<boolean>;
	/** The member a Yjs client id is bound to, or undefined while it is free. */
	ownerOf(client: number): string | undefined;
	/** Has this member a client id bound in the room (it connected before)? */
	knowsMember(memberId: string): boolean;
	/** Write scope: may `sender` apply `update` to the stored document? Never throws. */
	checkUpdate(sender: string, update: Uint8Array, stored: Y.Doc): ScopeResult;
	/**
	 * An accepted update's new client ids are its sender's from now on. The update's own commit
	 * persists them (Storage.append), so this only records them.
	 */
	bindWritten(clients: readonly number[], memberId: string): void;
	/**
	 * Awareness scope: why the update is refused, or null when it may be applied. `ownClient` is
	 * the client id the connection's proof bound. Throws if the update is malformed.
	 */
	checkAwareness(
		update: Uint8Array,
		ownClient: number,
		maxBytes: number,
		current: AwarenessView
	): string | null;
	/**
	 * Reads the removal marks `doc` holds now, then follows them: after each change, `revoke` gets
	 * the refusal that applies to a connected device from then on. Called once, when the stored
	 * updates are loaded.
	 */
	watch(doc: Y.Doc, revoke: (refusalOf: RefusalOf) => void): void;
}

/** Makes the policy of a room as it is loaded (reading what it needs from storage). */
export type PolicyFactory = (roomId: string) => RoomPolicy | Promise<RoomPolicy>;
