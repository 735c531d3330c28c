/**
 * Small Yjs updates built once with real Yjs docs, then sent as bytes: one member writing new
 * records under its own keys (`<memberId>:<recordId>` in the top-level Y.Map 'posts'), so the
 * updates stay valid when the relay enforces write scopes.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { Member } from './members';

/** A help post as the app stores it (plain JSON). */
export function postRecord(n: number, description = ''): Record<string, unknown> {
	const now = 1_760_000_000_000 + n;
	return {
		schemaVersion: 1,
		kind: n % 2 === 0 ? 'offer' : 'request',
		title: `Coup de main n°${n}`,
		description,
		category: 'diy',
		availability: 'le soir',
		area: 'Gare',
		status: 'open',
		createdAt: now,
		updatedAt: now
	};
}

/** Writes a member's records into a doc of its own; each write is one transaction, one update. */
export class UpdateBuilder {
	readonly doc = new Y.Doc();
	private written = 0;

	constructor(readonly member: Member) {
		this.doc.clientID = member.clientId;
	}

	/** `count` new posts, each as its own update (clock = index of the write). */
	newPosts(count: number, description = ''): Uint8Array[] {
		const updates: Uint8Array[] = [];
		const collect = (update: Uint8Array) => updates.push(update);
		this.doc.on('update', collect);
		const posts = this.doc.getMap('posts');
		for (let i = 0; i < count; i++) {
			const n = this.written++;
			this.doc.transact(() =>
				posts.set(`${this.member.memberId}:p${n}`, postRecord(n, description))
			);
		}
		this.doc.off('update', collect);
		return updates;
	}

	/** Replaces `count` of this member's existing posts (an edit: one insert and one delete). */
	editPosts(count: number): Uint8Array[] {
		const updates: Uint8Array[] = [];
		const collect = (update: Uint8Array) => updates.push(update);
		this.doc.on('update', collect);
		const posts = this.doc.getMap('posts');
		const keys = [...posts.keys()];
		for (let i = 0; i < count; i++) {
			const key = keys[i % keys.length];
			if (key === undefined) break;
			const previous = posts.get(key) as Record<string, unknown>;
			this.doc.transact(() => posts.set(key, { ...previous, status: 'closed', updatedAt: i }));
		}
		this.doc.off('update', collect);
		return updates;
	}

	/** Everything this member wrote, as one update (what a client sends in sync step 2). */
	state(): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc);
	}

	destroy(): void {
		this.doc.destroy();
	}
}

export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Client id and clock of the first struct of an update (v1 encoding: number of clients, then per
 * client the number of structs, the client id and the first clock). Reading three varints is
 * far cheaper than decoding the update, which the generator cannot afford per message.
 */
export function firstStruct(
	update: Uint8Array
): { client: number; clock: number; structs: number } | null {
	try {
		const decoder = decoding.createDecoder(update);
		if (decoding.readVarUint(decoder) < 1) return null;
		const structs = decoding.readVarUint(decoder);
		const client = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		return { client, clock, structs };
	} catch {
		return null;
	}
}

/** Every (client, clock) of the structs an update carries; slow path for merged updates. */
export function allStructs(
	update: Uint8Array
): { client: number; clock: number; length: number }[] {
	return Y.decodeUpdate(update)
		.structs.filter((s) => !(s instanceof Y.Skip))
		.map((s) => ({ client: s.id.client, clock: s.id.clock, length: s.length }));
}
