/**
 * One member's own writes to a board, as a Yjs update: the structs of the client ids that wrote
 * under that member's keys, and the deletions of that member's own items — nothing of anyone
 * else. This is what a phone hands another at the door (packets, issue 18), and what an imported
 * board keeps of its file once the relay's state is known.
 *
 * A phone does not know which member the relay bound each Yjs client id to, so it reads it from
 * the document: write scopes (write-scope.ts) let a client id write only under its member's keys,
 * so where its items sit says whose it is. A client id with nothing readable left (only garbage-
 * collected structs) belongs to nobody here and is never handed over.
 */
import * as Y from 'yjs';
import { decodeCanonicalV1, encodeCanonicalV1, type Struct } from '../update-structs';

type StructStore = { clients: Map<number, Struct[]> };

/** The member a key belongs to: records live under `<memberId>:…`. */
export function ownerOfKey(key: string | null | undefined): string | undefined {
	if (!key) return undefined;
	const colon = key.indexOf(':');
	return colon > 0 ? key.slice(0, colon) : undefined;
}

/** The member whose records this item sits in, climbing out of nested types; undefined if unknown. */
function ownerOfItem(item: Y.Item): string | undefined {
	let current: Y.Item = item;
	for (let depth = 0; depth < 64; depth++) {
		const parent = current.parent as Y.AbstractType<unknown> | null;
		if (!parent || !(parent instanceof Y.AbstractType)) return undefined;
		if (parent._item === null) return ownerOfKey(current.parentSub);
		current = parent._item;
	}
	return undefined;
}

/**
 * Which member each client id of the document writes for, read from where its items sit. The
 * first item that says decides: an honest client id writes for one member only.
 */
export function clientOwners(doc: Y.Doc): Map<number, string> {
	const owners = new Map<number, string>();
	for (const [client, structs] of (doc.store as unknown as StructStore).clients) {
		for (const struct of structs) {
			if (!(struct instanceof Y.Item)) continue;
			const owner = ownerOfItem(struct);
			if (owner) {
				owners.set(client, owner);
				break;
			}
		}
	}
	return owners;
}

/** The client ids the document shows writing for this member. */
export function clientsOfMember(doc: Y.Doc, memberId: string): number[] {
	return [...clientOwners(doc)].filter(([, owner]) => owner === memberId).map(([c]) => c);
}

/**
 * The member's writes: every struct of their client ids (from clock 0, so the bundle never
 * depends on an earlier one of theirs the receiver may lack), and the deletions of their items.
 * Empty (`clients` = []) when the document holds nothing of theirs.
 */
export function memberChanges(
	doc: Y.Doc,
	memberId: string
): { update: Uint8Array; clients: number[] } {
	const clients = new Set(clientsOfMember(doc, memberId));
	// Every other client at its full state: the update then carries only this member's structs.
	const others = new Map<number, number>();
	for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
		if (!clients.has(client)) others.set(client, clock);
	}
	const full = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(others));
	const decoded = decodeCanonicalV1(full);
	// Yjs's own encoding always reads back; anything else is a bug here, not bad input.
	if ('problem' in decoded)
		throw new Error(`cannot read the document's own update: ${decoded.problem}`);
	// The document's delete set names every client's deleted items, and Yjs adds the doc's pending
	// structs of any client (they are past every clock of the target): keep this member's only.
	const runs = new Map([...decoded.runs].filter(([client]) => clients.has(client)));
	const deletions = new Map([...decoded.deletions].filter(([client]) => clients.has(client)));
	return { update: encodeCanonicalV1(runs, deletions), clients: [...clients] };
}
