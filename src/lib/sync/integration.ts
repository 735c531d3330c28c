/**
 * Whether an update integrates completely into a document: what Yjs's integrateStructs and
 * readAndApplyDeleteSet would do with it, decided before anything is applied. Whatever Yjs cannot
 * integrate it keeps pending (store.pendingStructs / pendingDs), merges into every full-state
 * encoding, and integrates later when the clocks it waits for arrive, from whoever sends them:
 * pending data is data no check has judged in its final place. So an update is only taken whole.
 *
 * A struct integrates once (1) every earlier clock of its own client is there (no gap: a Skip, or
 * a run that starts past the client's state, never integrates) and (2) the clocks its origin,
 * right origin and parent refer to on other clients are there — stored, or integrated earlier
 * from the same update. (2) holds for structs the document already has too: Yjs resolves their
 * references before it sees that they add nothing, and keeps them pending otherwise. A deletion
 * range integrates when its clocks are there once the update's structs are.
 */
import * as Y from 'yjs';
import type { DeleteRange, Struct } from './update-structs';

/** What an update that does not integrate completely waits for. */
export interface Blocker {
	/** The client whose clock is missing. */
	client: number;
	clock: number;
	why: 'skip' | 'gap' | 'dependency' | 'deletion';
}

export function blockersOf(
	store: Y.Doc['store'],
	runs: Map<number, Struct[]>,
	deletions: Map<number, DeleteRange[]>
): Blocker[] {
	const state = new Map<number, number>();
	const stateOf = (client: number) => state.get(client) ?? Y.getState(store, client);
	const next = new Map<number, number>();
	/** Per client, the clients whose next struct waits for one of its clocks (least clock first). */
	const waiting = new Map<number, MinHeap>();
	const ready = [...runs.keys()];
	while (ready.length > 0) {
		const client = ready.pop()!;
		const structs = runs.get(client)!;
		let i = next.get(client) ?? 0;
		const before = stateOf(client);
		for (; i < structs.length; i++) {
			const struct = structs[i]!;
			if (struct instanceof Y.Skip || struct.id.clock > stateOf(client)) break;
			const missing = missingReference(struct, stateOf);
			if (missing) {
				let heap = waiting.get(missing.client);
				if (!heap) waiting.set(missing.client, (heap = new MinHeap()));
				heap.push(missing.clock, client);
				break;
			}
			const end = struct.id.clock + struct.length;
			if (end > stateOf(client)) state.set(client, end);
		}
		next.set(client, i);
		const heap = waiting.get(client);
		if (heap && stateOf(client) > before) {
			while (heap.size > 0 && heap.least() < stateOf(client)) ready.push(heap.pop());
		}
	}

	const blockers: Blocker[] = [];
	for (const [client, structs] of runs) {
		const head = structs[next.get(client) ?? 0];
		if (!head) continue;
		if (head instanceof Y.Skip) blockers.push({ client, clock: head.id.clock, why: 'skip' });
		else if (head.id.clock > stateOf(client)) {
			blockers.push({ client, clock: head.id.clock - 1, why: 'gap' });
		} else {
			const missing = missingReference(head, stateOf) ?? { client, clock: head.id.clock };
			blockers.push({ ...missing, why: 'dependency' });
		}
	}
	for (const [client, ranges] of deletions) {
		for (const { clock, len } of ranges) {
			if (clock + len > stateOf(client)) {
				blockers.push({ client, clock: clock + len - 1, why: 'deletion' });
			}
		}
	}
	return blockers;
}

/** A clock of another client that the struct refers to and that is not there yet (getMissing). */
function missingReference(
	struct: Struct,
	stateOf: (client: number) => number
): { client: number; clock: number } | null {
	if (!(struct instanceof Y.Item)) return null;
	const parent = struct.parent instanceof Y.ID ? struct.parent : null;
	for (const ref of [struct.origin, struct.rightOrigin, parent]) {
		if (ref && ref.client !== struct.id.client && ref.clock >= stateOf(ref.client)) {
			return { client: ref.client, clock: ref.clock };
		}
	}
	return null;
}

/** Clients keyed by the clock they wait for: each is woken once that clock is there. */
class MinHeap {
	private readonly keys: number[] = [];
	private readonly values: number[] = [];

	get size(): number {
		return this.keys.length;
	}

	least(): number {
		return this.keys[0]!;
	}

	push(key: number, value: number): void {
		let i = this.keys.length;
		this.keys.push(key);
		this.values.push(value);
		while (i > 0) {
			const up = (i - 1) >> 1;
			if (this.keys[up]! <= key) break;
			this.swap(i, up);
			i = up;
		}
	}

	pop(): number {
		const top = this.values[0]!;
		const lastKey = this.keys.pop()!;
		const lastValue = this.values.pop()!;
		if (this.keys.length > 0) {
			this.keys[0] = lastKey;
			this.values[0] = lastValue;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let least = i;
				if (l < this.keys.length && this.keys[l]! < this.keys[least]!) least = l;
				if (r < this.keys.length && this.keys[r]! < this.keys[least]!) least = r;
				if (least === i) break;
				this.swap(i, least);
				i = least;
			}
		}
		return top;
	}

	private swap(a: number, b: number): void {
		[this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
		[this.values[a], this.values[b]] = [this.values[b]!, this.values[a]!];
	}
}
