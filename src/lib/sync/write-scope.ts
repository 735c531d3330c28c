/**
 * Write scopes (DESIGN.md §6): a member may only add or delete their own data. Yjs has no notion
 * of authorship, so this judges an update by its *effect* on a document: structs the document
 * already holds and deletions it already applied change nothing and pass (an honest sync-step-2
 * reply carries both), while anything that would add or delete another member's data is refused.
 *
 * An effect can only be judged once it is known, so an update must also integrate completely
 * (integration.ts): nothing of it may stay pending in Yjs, to land later next to clocks nobody has
 * written yet. One that waits only for more of the sender's own data (a reconnecting client's new
 * edit can arrive before the catch-up it builds on) is refused as `incomplete` and `retryable`:
 * the relay holds it, unapplied, and judges it again once that data came.
 *
 * The relay runs it on every update from a connection. It lives in the app's sync layer because
 * phones run the same rule on what reaches them without the relay: a signed packet handed over
 * at the door is judged with its author as sender, on the phone and again at the relay
 * (handover/check-packet.ts, issue 18).
 */
import * as Y from 'yjs';
import { blockersOf, type Blocker } from './integration';
import { decodeCanonicalV1, type DecodedUpdate, type Struct } from './update-structs';

export type RefusalReason =
	| 'malformed'
	| 'not-v1'
	| 'foreign-client'
	| 'foreign-key'
	| 'foreign-parent'
	| 'not-a-record'
	| 'foreign-delete'
	| 'missing-dependency'
	/** It would leave structs or deletions pending: Skips, gaps, references to missing clocks. */
	| 'incomplete';

export type ScopeResult =
	| { ok: true; changes: boolean; newClients: number[] }
	| {
			ok: false;
			reason: RefusalReason;
			detail: string;
			/**
			 * Incomplete, but all it waits for is data the sender may still send (their own client
			 * ids, or unclaimed fresh ones): the same update may pass once that data is stored.
			 */
			retryable?: boolean;
	  };

export interface ScopeContext {
	/** The member sending the update. */
	sender: string;
	/** Which member owns a Yjs client id (undefined while unbound). */
	ownerOf(client: number): string | undefined;
}

/** Where an item lives: a root collection and its key, or inside another item (a nested type). */
type Place =
	| { root: string; key: string | null }
	| { parentClient: number }
	| 'gone'
	/** Next to data of the sender's own that is not here yet (see placeOfId). */
	| 'pending';

export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: ScopeContext): ScopeResult {
	const decoded = decodeCanonicalV1(update);
	if ('problem' in decoded) {
		if (looksLikeV2(update)) return refuse('not-v1', 'V2-encoded updates are not accepted');
		return refuse('malformed', decoded.problem);
	}
	const checker = new Checker(doc, decoded, ctx);
	return (
		checker.checkStructs() ??
		checker.checkDeletions() ??
		checker.checkIntegration() ??
		checker.result()
	);
}

function refuse(reason: RefusalReason, detail: string): ScopeResult {
	return { ok: false, reason, detail };
}

function describe({ client, clock, why }: Blocker): string {
	return `${why} at ${client}:${clock}`;
}

/** Not canonical V1, yet the V2 reading finds structs: the sender used the V2 encoding. */
function looksLikeV2(update: Uint8Array): boolean {
	try {
		return Y.decodeUpdateV2(update).structs.length > 0;
	} catch {
		return false;
	}
}

class Checker {
	private readonly newClients = new Set<number>();
	private readonly inUpdate: Map<number, Struct[]>;
	private readonly places = new Map<Struct, Place | null>();
	private changes = false;

	private readonly updateStructs: Struct[];

	constructor(
		private readonly doc: Y.Doc,
		private readonly update: DecodedUpdate,
		private readonly ctx: ScopeContext
	) {
		this.updateStructs = update.structs;
		this.inUpdate = update.runs;
	}

	result(): ScopeResult {
		return { ok: true, changes: this.changes, newClients: [...this.newClients] };
	}

	/** New structs must come from the sender's client ids and land in the sender's records. */
	checkStructs(): ScopeResult | null {
		for (const struct of this.updateStructs) {
			const { client, clock } = struct.id;
			// Before the "already stored" shortcut: Yjs integrates a zero-length struct at the current
			// clock (it would replace another member's map value), and resolves the references of
			// stored structs too (a dangling one throws half-way through the transaction).
			const shape = checkShape(struct);
			if (shape) return refuse('malformed', shape);
			// A Skip adds nothing, but opens a gap: judged with the update's integration.
			if (struct instanceof Y.Skip) continue;
			// Already stored; its references are judged with the update's integration.
			if (clock + struct.length <= Y.getState(this.doc.store, client)) continue;
			this.changes = true;
			if (!this.ownedBySender(client, true)) {
				return refuse('foreign-client', `client ${client} belongs to another member`);
			}
			if (struct instanceof Y.GC) continue; // the sender's own deleted content
			// Both neighbours count: Yjs takes the parent from the left one, but links the item to
			// the right one too. (With a neighbour that is a GC, Yjs turns the item into a GC.)
			const places = this.neighbourPlaces(struct);
			if (places.includes('gone')) continue;
			for (const place of places) {
				const refusal = this.refusePlace(place, `${client}:${clock}`);
				if (refusal) return refusal;
			}
		}
		return null;
	}

	private neighbourPlaces(item: Y.Item): (Place | null)[] {
		if (item.parent !== null) return [this.placeOf(item)];
		const neighbours = [item.origin, item.rightOrigin].filter((id): id is Y.ID => id !== null);
		if (neighbours.length === 0) return [null];
		return neighbours.map((id) => this.placeOfId(id));
	}

	private refusePlace(place: Place | null, item: string): ScopeResult | null {
		if (place === null) return refuse('missing-dependency', `item ${item}`);
		if (place === 'gone') return null; // Yjs turns an item without a parent into a GC
		if (place === 'pending') return null; // judged with the update's integration
		if ('parentClient' in place) {
			if (!this.ownedBySender(place.parentClient, false)) {
				return refuse('foreign-parent', `item ${item} inside another member's data`);
			}
		} else if (place.key === null) {
			return refuse('not-a-record', `item ${item} in root "${place.root}" has no key`);
		} else if (!place.key.startsWith(`${this.ctx.sender}:`)) {
			return refuse('foreign-key', `key "${place.key}" in "${place.root}"`);
		}
		return null;
	}

	/**
	 * Nothing may stay pending (see integration.ts). Retryable when every missing clock is one the
	 * sender may still send: of their own client ids, or of fresh ones nobody has claimed.
	 */
	checkIntegration(): ScopeResult | null {
		const blockers = blockersOf(this.doc.store, this.update.runs, this.update.deletions);
		if (blockers.length === 0) return null;
		const retryable = blockers.every((b) => b.why !== 'skip' && this.mayStillSend(b.client));
		const detail = blockers.slice(0, 3).map(describe).join(', ');
		return { ok: false, reason: 'incomplete', detail, retryable };
	}

	private mayStillSend(client: number): boolean {
		const owner = this.ctx.ownerOf(client);
		if (owner !== undefined) return owner === this.ctx.sender;
		return this.newClients.has(client) || Y.getState(this.doc.store, client) === 0;
	}

	/** Deletions may only remove the sender's own items, or what is already deleted. */
	checkDeletions(): ScopeResult | null {
		for (const [client, ranges] of this.update.deletions) {
			// Yjs throws on an empty range once it keeps it pending.
			if (ranges.some(({ len }) => len <= 0)) {
				return refuse('malformed', `empty deletion range on client ${client}`);
			}
			const stored = Y.getState(this.doc.store, client);
			// A fresh client id nobody claimed has nothing to delete yet: what the range will cover
			// is judged once its structs come (checkIntegration holds or refuses it until then).
			if (stored === 0 && this.ctx.ownerOf(client) === undefined) continue;
			if (this.ownedBySender(client, false)) {
				this.changes ||= ranges.some(
					({ clock, len }) => clock + len > stored || this.anyLiveItem(client, clock, clock + len)
				);
				continue;
			}
			for (const { clock, len } of ranges) {
				// Beyond what is stored, Yjs keeps the deletion pending and applies it when the items
				// arrive: that would delete another member's future writes.
				if (clock + len > stored) {
					return refuse('foreign-delete', `future range ${client}:${clock}+${len}`);
				}
				if (this.anyLiveItem(client, clock, clock + len)) {
					return refuse('foreign-delete', `range ${client}:${clock}+${len}`);
				}
			}
		}
		return null;
	}

	private ownedBySender(client: number, bindIfFree: boolean): boolean {
		const owner = this.ctx.ownerOf(client);
		if (owner !== undefined) return owner === this.ctx.sender;
		if (this.newClients.has(client)) return true;
		// An unbound client id with content already in the doc was never claimed: nobody's to take.
		if (Y.getState(this.doc.store, client) > 0 || !bindIfFree) return false;
		this.newClients.add(client);
		return true;
	}

	private anyLiveItem(client: number, from: number, to: number): boolean {
		const structs = (this.doc.store as unknown as { clients: Map<number, Struct[]> }).clients.get(
			client
		);
		if (!structs) return false;
		let i = firstIndexEndingAfter(structs, from);
		for (; i < structs.length; i++) {
			const s = structs[i]!;
			if (s.id.clock >= to) break;
			if (s instanceof Y.Item && !s.deleted) return true;
		}
		return false;
	}

	/** Resolves the parent of an item from its own fields, or from its neighbours (origins). */
	private placeOf(item: Y.Item): Place | null {
		if (this.places.has(item)) return this.places.get(item)!;
		this.places.set(item, null); // guards against origin cycles in hostile updates
		let place: Place | null;
		if (typeof item.parent === 'string') place = { root: item.parent, key: item.parentSub };
		else if (item.parent instanceof Y.ID) place = { parentClient: item.parent.client };
		else {
			const neighbour = item.origin ?? item.rightOrigin;
			place = neighbour ? this.placeOfId(neighbour) : null;
		}
		this.places.set(item, place);
		return place;
	}

	private placeOfId(id: Y.ID): Place | null {
		if (id.clock < Y.getState(this.doc.store, id.client)) {
			const stored = findStored(this.doc, id);
			if (!(stored instanceof Y.Item)) return 'gone';
			const parent = stored.parent as Y.AbstractType<unknown> | null;
			if (!parent) return 'gone';
			if (parent._item === null) return { root: Y.findRootTypeKey(parent), key: stored.parentSub };
			return { parentClient: parent._item.id.client };
		}
		const run = this.inUpdate.get(id.client) ?? [];
		const candidate = run[firstIndexEndingAfter(run, id.clock)];
		const struct = candidate && candidate.id.clock <= id.clock ? candidate : undefined;
		// Neither here nor in the update (a Skip is no data: it is a gap). When it is data the
		// sender may still send (a reconnecting client sends a new edit before the catch-up that
		// carries the edits it made offline), the update is incomplete and judged again once that
		// data is stored. Anyone else's missing data could be another member's record.
		if (!struct || struct instanceof Y.Skip) return this.mayStillSend(id.client) ? 'pending' : null;
		if (!(struct instanceof Y.Item)) return 'gone';
		return this.placeOf(struct);
	}
}

/**
 * Structs Yjs never produces and cannot integrate safely: empty ones, and items referring to a
 * later (or their own) clock of their own client, which Yjs assumes are already integrated.
 */
function checkShape(struct: Struct): string | null {
	const { client, clock } = struct.id;
	if (struct.length <= 0) return `empty struct ${client}:${clock}`;
	if (!(struct instanceof Y.Item)) return null;
	const parent = struct.parent instanceof Y.ID ? struct.parent : null;
	for (const ref of [struct.origin, struct.rightOrigin, parent]) {
		if (ref && ref.client === client && ref.clock >= clock) {
			return `item ${client}:${clock} refers to its own client's clock ${ref.clock}`;
		}
	}
	return null;
}

function findStored(doc: Y.Doc, id: Y.ID): Struct | undefined {
	const structs = (doc.store as unknown as { clients: Map<number, Struct[]> }).clients.get(
		id.client
	);
	if (!structs) return undefined;
	return structs[firstIndexEndingAfter(structs, id.clock)];
}

/** Binary search: index of the first struct whose range ends after `clock`. */
function firstIndexEndingAfter(structs: Struct[], clock: number): number {
	let lo = 0;
	let hi = structs.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		const s = structs[mid]!;
		if (s.id.clock + s.length <= clock) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
