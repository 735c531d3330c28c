/**
 * Which member each Yjs client id of a room belongs to (DESIGN.md §6: the relay binds every client
 * id it sees to exactly one member). Write scopes stand on it: an update's new structs must come
 * from client ids bound to its sender.
 */
import type { Logger } from 'pino';
import { BindingTaken, type Storage } from '../storage';

/**
 * Bindings are for good: once a client id has a member it never changes, so any instance may
 * answer `ownerOf` from what it has learnt so far. A store shared by several relay instances must
 * refuse, when it commits, a binding another instance committed first for another member; that
 * commit then fails like any storage failure, and nothing of it is acknowledged.
 */
export interface ClientBindings {
	/** The member the client id is bound to, or undefined while it is free. */
	ownerOf(client: number): string | undefined;
	/** Does any client id belong to this member? */
	hasMember(memberId: string): boolean;
	/** Binds a free client id to the member, or says whether it is already theirs. */
	claim(client: number, memberId: string): boolean;
	/**
	 * Once the claim is committed: true when the client id is the member's in storage too, false
	 * when another relay instance bound it first (it is then that member's here as well).
	 */
	whenClaimed(client: number, memberId: string): Promise<boolean>;
	/** Records bindings that the commit of an accepted update persists (Storage.append). */
	adopt(clients: readonly number[], memberId: string): void;
}

/** The bindings of one room in the relay's own storage, held in memory while the room is loaded. */
export class StoredClientBindings implements ClientBindings {
	static async load(roomId: string, storage: Storage, log: Logger): Promise<StoredClientBindings> {
		return new StoredClientBindings(roomId, storage, log, await storage.loadClientOwners(roomId));
	}

	private constructor(
		private readonly roomId: string,
		private readonly storage: Storage,
		private readonly log: Logger,
		private readonly owners: Map<number, string>
	) {}

	/** Claims still committing, by client id. */
	private readonly claims = new Map<number, Promise<boolean>>();

	ownerOf(client: number): string | undefined {
		return this.owners.get(client);
	}

	hasMember(memberId: string): boolean {
		for (const owner of this.owners.values()) if (owner === memberId) return true;
		return false;
	}

	claim(client: number, memberId: string): boolean {
		const owner = this.owners.get(client);
		if (owner !== undefined) return owner === memberId;
		this.owners.set(client, memberId);
		// Queued before any update of this client, so it is on disk before that update is acked.
		const stored = this.storage.bindClients(this.roomId, [client], memberId).then(
			() => true,
			(error: unknown) => {
				if (error instanceof BindingTaken) {
					this.owners.set(client, error.owner);
					return false;
				}
				this.log.error(
					{ room: this.roomId, client, err: error },
					'could not store a client binding'
				);
				return true;
			}
		);
		this.claims.set(client, stored);
		void stored.then(() => this.claims.delete(client));
		return true;
	}

	async whenClaimed(client: number, memberId: string): Promise<boolean> {
		await this.claims.get(client);
		return this.owners.get(client) === memberId;
	}

	adopt(clients: readonly number[], memberId: string): void {
		for (const client of clients) this.owners.set(client, memberId);
	}
}
