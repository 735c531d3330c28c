/**
 * Any delivery order through the causal gate: writers edit maps and lists (overwrites, deletions,
 * insertions next to each other's items after syncing among themselves); a reader receives every
 * local update in a random permutation, some twice, some lost and sent again at the end. At every
 * step nothing is half-applied in Yjs; at the end the reader equals a document that received
 * everything in order.
 *
 * Seeded: GATE_SEED=<n> replays one permutation (each failure names its seed).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prng } from '../domain/test-helpers';
import { CausalGate } from './causal-gate';

const RUNS = Number(process.env.GATE_RUNS ?? 300);
const SYNC = Symbol('writers sync');

type Rnd = ReturnType<typeof prng>;

/** Random local edits by 2–4 writers, who sometimes sync among themselves; their updates in order. */
function writeHistory(rnd: Rnd): Uint8Array[] {
	const writers = Array.from({ length: 2 + rnd.int(3) }, () => new Y.Doc());
	const updates: Uint8Array[] = [];
	for (const w of writers) {
		w.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== SYNC) updates.push(update);
		});
	}
	for (let step = 0; step < 40; step++) {
		const w = rnd.pick(writers)!;
		const roll = rnd.next();
		const map = w.getMap('records');
		const list = w.getArray<number>('list');
		const key = `k${rnd.int(4)}`;
		if (roll < 0.35) map.set(key, { v: step });
		else if (roll < 0.45) map.delete(key);
		else if (roll < 0.65) list.insert(rnd.int(list.length + 1), [step]);
		else if (roll < 0.75 && list.length > 0) list.delete(rnd.int(list.length), 1);
		else if (roll < 0.8) {
			// Several edits in one transaction: one update with structs and deletions together.
			w.transact(() => {
				map.set(key, { v: step, many: true });
				if (list.length > 0) list.delete(0, 1);
			});
		} else {
			const other = rnd.pick(writers.filter((o) => o !== w))!;
			Y.applyUpdate(w, Y.encodeStateAsUpdate(other, Y.encodeStateVector(w)), SYNC);
		}
	}
	for (const w of writers) w.destroy();
	return updates;
}

function shuffle<T>(rnd: Rnd, list: T[]): T[] {
	for (let i = list.length - 1; i > 0; i--) {
		const j = rnd.int(i + 1);
		[list[i], list[j]] = [list[j]!, list[i]!];
	}
	return list;
}

function stateOf(doc: Y.Doc) {
	return {
		records: doc.getMap('records').toJSON(),
		list: doc.getArray('list').toJSON(),
		stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
	};
}

/** How many updates had to wait, over all runs: the permutations must actually reorder. */
let heldTotal = 0;

function runPermutation(seed: number): void {
	const rnd = prng(seed);
	const updates = writeHistory(rnd);
	const inOrder = new Y.Doc();
	for (const update of updates) Y.applyUpdate(inOrder, update);

	const reader = new Y.Doc();
	const gate = new CausalGate(reader);
	const lost: Uint8Array[] = [];
	const arrivals = shuffle(rnd, [...updates, ...updates.filter(() => rnd.next() < 0.2)]);
	for (const update of arrivals) {
		if (rnd.next() < 0.15) lost.push(update);
		else if (gate.offer(update) === 'held') heldTotal++;
		expect(reader.store.pendingStructs, `seed ${seed}: structs pending in Yjs`).toBeNull();
		expect(reader.store.pendingDs, `seed ${seed}: deletions pending in Yjs`).toBeNull();
	}
	// What was lost comes again, in any order (as a later sync or packet would bring it).
	for (const update of shuffle(rnd, lost)) gate.offer(update);
	expect(gate.summary, `seed ${seed}: still held`).toEqual({ count: 0, bytes: 0 });
	expect(stateOf(reader), `seed ${seed}: differs from in-order delivery`).toEqual(stateOf(inOrder));
	reader.destroy();
	inOrder.destroy();
}

describe('causal gate under random delivery', () => {
	it(`converges to in-order delivery (${RUNS} seeded permutations, duplicates, losses)`, () => {
		const single = process.env.GATE_SEED;
		if (single) return runPermutation(Number(single));
		const base = Math.floor(Math.random() * 2 ** 31);
		for (let run = 0; run < RUNS; run++) runPermutation((base + run) % 2 ** 31);
		expect(heldTotal).toBeGreaterThan(RUNS);
	}, 60_000);
});
