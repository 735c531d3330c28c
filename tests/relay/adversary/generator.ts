/**
 * The adversary's structural generator: forged V1 updates composed from Yjs's struct format, not
 * its API. Items, GCs and Skips on any mix of clients (the sender's bound ids, fresh ids, the
 * victims'), run starts below, at and past a client's state (overlaps and clock shifts), origins,
 * right origins and parents pointing into stored ranges, nested types, gaps, the update's own
 * structs (pending chains) and future clocks, delete sets anywhere; plus byte-level mutations of
 * honest updates. Each family is named so the counts say what was tried.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import {
	encodeUpdate,
	structLength,
	type Content,
	type Deletion,
	type Ref,
	type Run,
	type Struct
} from './v1';

export interface Knowledge {
	/** What the relay holds, as the attacker sees it (a replica's copy). */
	doc: Y.Doc;
	/** Client ids of honest members. */
	victims: number[];
	/** Client ids bound to the attacker. */
	own: number[];
	/** The attacker's key prefix and some victims' record keys. */
	ownKey: (id: string) => string;
	victimKeys: string[];
	/** Honest updates seen on the wire, for byte-level mutation. */
	honestUpdates: Uint8Array[];
}

export interface Forgery {
	family: string;
	update: Uint8Array;
}

export const FAMILIES = [
	'skip-opens-next',
	'pending-over-stored',
	'pending-shift',
	'composed',
	'mutated-honest'
] as const;

type Family = (typeof FAMILIES)[number];

export class StructForger {
	constructor(
		private readonly gen: prng.PRNG,
		private readonly k: Knowledge
	) {}

	next(): Forgery {
		const family = prng.oneOf(this.gen, [...FAMILIES, 'composed', 'composed'] as Family[]);
		return { family, update: this.forge(family) };
	}

	private forge(family: Family): Uint8Array {
		switch (family) {
			case 'skip-opens-next':
				return this.skipOpensNext();
			case 'pending-over-stored':
				return this.pendingOverStored();
			case 'pending-shift':
				return this.pendingShift();
			case 'composed':
				return this.composed();
			case 'mutated-honest':
				return this.mutatedHonest();
		}
	}

	// Knowledge of the board.

	private state(client: number): number {
		return Y.getState(this.k.doc.store, client);
	}

	private fresh(): number {
		return prng.uint32(this.gen, 1, 2 ** 32 - 1);
	}

	private victim(): number {
		return prng.oneOf(this.gen, this.k.victims);
	}

	private anyClient(): number {
		const g = this.gen;
		const pools = [this.k.victims, this.k.own, [this.fresh()]];
		return prng.oneOf(
			g,
			prng.oneOf(
				g,
				pools.filter((p) => p.length > 0)
			)
		);
	}

	/** An id of a stored nested type (a victim's Y.Text or Y.Map, or the attacker's own). */
	private nestedType(): Ref | null {
		const types: Ref[] = [];
		const clients = (this.k.doc.store as unknown as { clients: Map<number, Y.Item[]> }).clients;
		for (const structs of clients.values()) {
			for (const s of structs)
				if (s instanceof Y.Item && s.content instanceof Y.ContentType) types.push(s.id);
		}
		return types.length > 0 ? prng.oneOf(this.gen, types) : null;
	}

	/** A clock of `client`: stored, its next one, or further. */
	private clockOf(client: number, where?: 'stored' | 'next' | 'future'): number {
		const g = this.gen;
		const state = this.state(client);
		const pick = where ?? prng.oneOf(g, ['stored', 'stored', 'next', 'future'] as const);
		if (pick === 'stored' && state > 0) return prng.int32(g, 0, state - 1);
		if (pick === 'future') return state + prng.int32(g, 1, 40);
		return state;
	}

	private ref(inUpdate: Ref[]): Ref {
		const g = this.gen;
		const choice = prng.int32(g, 0, 5);
		if (choice === 0 && inUpdate.length > 0) return prng.oneOf(g, inUpdate);
		if (choice === 1) return this.nestedType() ?? this.ref(inUpdate);
		const client = choice === 2 ? this.victim() : this.anyClient();
		return { client, clock: this.clockOf(client) };
	}

	private key(): string {
		const g = this.gen;
		const choice = prng.int32(g, 0, 3);
		if (choice === 0) return this.k.ownKey(`f${prng.int32(g, 0, 9)}`);
		if (choice === 1 && this.k.victimKeys.length > 0) return prng.oneOf(g, this.k.victimKeys);
		if (choice === 2) return prng.word(g, 1, 8);
		return this.k.ownKey('mine');
	}

	private content(): Content {
		const g = this.gen;
		switch (prng.int32(g, 0, 5)) {
			case 0:
				return { type: 'string', text: prng.word(g, 1, 4) };
			case 1:
				return { type: 'deleted', len: prng.int32(g, 1, 5) };
			case 2:
				return { type: prng.oneOf(g, ['map', 'text', 'array'] as const) };
			default:
				return {
					type: 'any',
					values: Array.from({ length: prng.int32(g, 1, 3) }, () => prng.int32(g, 0, 99))
				};
		}
	}

	/** An item with random neighbours or parent among `refs`, or placed under a key. */
	private item(inUpdate: Ref[]): Struct {
		const g = this.gen;
		const content = this.content();
		switch (prng.int32(g, 0, 4)) {
			case 0:
				return { kind: 'item', parentSub: this.key(), content };
			case 1:
				return {
					kind: 'item',
					parent: { id: this.ref(inUpdate) },
					parentSub: prng.bool(g) ? this.key() : undefined,
					content
				};
			case 2:
				return { kind: 'item', rightOrigin: this.ref(inUpdate), content };
			case 3:
				return {
					kind: 'item',
					origin: this.ref(inUpdate),
					rightOrigin: this.ref(inUpdate),
					content
				};
			default:
				return { kind: 'item', origin: this.ref(inUpdate), content };
		}
	}

	private struct(inUpdate: Ref[]): Struct {
		const g = this.gen;
		const roll = prng.int32(g, 0, 9);
		if (roll === 0) return { kind: 'gc', len: prng.int32(g, 1, 6) };
		if (roll === 1) return { kind: 'skip', len: prng.int32(g, 1, 6) };
		return this.item(inUpdate);
	}

	private deletion(): Deletion {
		const g = this.gen;
		const client = this.anyClient();
		return { client, clock: this.clockOf(client), len: prng.int32(g, 1, 8) };
	}

	/** Clocks the runs cover, so later structs can point into them (chains, Skips, gaps). */
	private static covered(run: Run): Ref[] {
		const refs: Ref[] = [];
		let clock = run.clock;
		for (const s of run.structs) {
			refs.push(
				{ client: run.client, clock },
				{ client: run.client, clock: clock + structLength(s) - 1 }
			);
			clock += structLength(s);
		}
		return refs;
	}

	// Families.

	/** Class 1: an item next to (or inside) a victim's next clock, with or without a Skip there. */
	private skipOpensNext(): Uint8Array {
		const g = this.gen;
		const victim = this.victim();
		const clock = this.clockOf(victim, prng.bool(g) ? 'next' : 'future');
		const target = { client: victim, clock };
		const mine: Struct = prng.oneOf(g, [
			{ kind: 'item', origin: target, content: this.content() },
			{ kind: 'item', rightOrigin: target, content: this.content() },
			{ kind: 'item', parent: { id: target }, content: this.content() },
			{ kind: 'item', parent: { id: target }, parentSub: this.key(), content: this.content() }
		] as Struct[]);
		const runs: Run[] = [
			{ client: prng.bool(g) ? this.fresh() : this.anyOwn(), clock: 0, structs: [mine] }
		];
		runs[0]!.clock = this.state(runs[0]!.client);
		if (prng.int32(g, 0, 3) > 0) {
			const from = this.state(victim);
			runs.push({
				client: victim,
				clock: from,
				structs: [{ kind: 'skip', len: clock - from + prng.int32(g, 1, 3) }]
			});
		}
		return encodeUpdate(prng.bool(g) ? runs : runs.reverse());
	}

	/** Class 2: structs over a victim's stored range that wait on a clock that never comes. */
	private pendingOverStored(): Uint8Array {
		const g = this.gen;
		const victim = this.victim();
		const stored = this.state(victim);
		const waiter = prng.bool(g) ? this.fresh() : this.anyOwn();
		const waiterClock = this.state(waiter) + prng.int32(g, 1, 5);
		const waiting: Run = {
			client: waiter,
			clock: waiterClock,
			structs: [{ kind: 'item', parentSub: this.k.ownKey('w'), content: this.content() }]
		};
		const from = stored > 0 ? prng.int32(g, 0, stored - 1) : 0;
		const len = Math.max(1, stored - from);
		const on = { client: waiter, clock: waiterClock };
		const over: Struct = prng.oneOf(g, [
			{ kind: 'item', origin: on, content: { type: 'deleted', len } },
			{
				kind: 'item',
				rightOrigin: on,
				content: { type: 'any', values: Array.from({ length: len }, () => 0) }
			},
			{ kind: 'item', parent: { id: on }, content: { type: 'deleted', len } }
		] as Struct[]);
		const runs: Run[] = [waiting, { client: victim, clock: from, structs: [over] }];
		const deletions = prng.bool(g) ? [{ client: victim, clock: from, len }] : [];
		return encodeUpdate(prng.bool(g) ? runs : runs.reverse(), deletions);
	}

	/** Class 3: anything that would leave structs or deletions pending on the attacker's side. */
	private pendingShift(): Uint8Array {
		const g = this.gen;
		const client = prng.bool(g) ? this.fresh() : this.anyOwn();
		const state = this.state(client);
		switch (prng.int32(g, 0, 3)) {
			case 0: // a clock shift
				return encodeUpdate([
					{ client, clock: state + prng.int32(g, 1, 9), structs: [this.item([])] }
				]);
			case 1: // waits on the attacker's own far future
				return encodeUpdate([
					{
						client: this.fresh(),
						clock: 0,
						structs: [
							{
								kind: 'item',
								origin: { client, clock: state + prng.int32(g, 0, 99) },
								content: this.content()
							}
						]
					}
				]);
			case 2: // deletes the attacker's own future
				return encodeUpdate(
					[],
					[{ client, clock: state + prng.int32(g, 0, 20), len: prng.int32(g, 1, 9) }]
				);
			default: // a Skip before the attacker's own next struct
				return encodeUpdate([
					{
						client,
						clock: state,
						structs: [{ kind: 'skip', len: prng.int32(g, 1, 4) }, this.item([])]
					}
				]);
		}
	}

	/** Any composition: 1–4 runs on any clients, 1–4 structs each, 0–3 deletions. */
	private composed(): Uint8Array {
		const g = this.gen;
		const runs: Run[] = [];
		const refs: Ref[] = [];
		const used = new Set<number>();
		for (let r = prng.int32(g, 1, 4); r > 0; r--) {
			const client = this.anyClient();
			if (used.has(client)) continue;
			used.add(client);
			const state = this.state(client);
			const start = prng.oneOf(g, [
				state,
				state,
				Math.max(0, state - prng.int32(g, 1, 4)),
				state + prng.int32(g, 1, 3),
				0
			]);
			const run: Run = { client, clock: start, structs: [] };
			for (let s = prng.int32(g, 1, 4); s > 0; s--) run.structs.push(this.struct(refs));
			refs.push(...StructForger.covered(run));
			runs.push(run);
		}
		const deletions = Array.from({ length: prng.int32(g, 0, 3) }, () => this.deletion());
		return encodeUpdate(runs, deletions);
	}

	/** Byte-level: an honest update with a byte changed, inserted, dropped, or a client id swapped. */
	private mutatedHonest(): Uint8Array {
		const g = this.gen;
		if (this.k.honestUpdates.length === 0) return this.composed();
		const bytes = Uint8Array.from(prng.oneOf(g, this.k.honestUpdates));
		const at = prng.int32(g, 0, bytes.length - 1);
		switch (prng.int32(g, 0, 4)) {
			case 0:
				bytes[at] = prng.uint32(g, 0, 255);
				return bytes;
			case 1:
				bytes[at]! ^= 1 << prng.int32(g, 0, 7);
				return bytes;
			case 2:
				return Uint8Array.from([...bytes.slice(0, at), prng.uint32(g, 0, 255), ...bytes.slice(at)]);
			case 3:
				return Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1)]);
			default:
				return swapClient(
					bytes,
					this.victim(),
					prng.oneOf(g, [...this.k.own, this.fresh(), this.victim()])
				);
		}
	}

	private anyOwn(): number {
		return this.k.own.length > 0 ? prng.oneOf(this.gen, this.k.own) : this.fresh();
	}
}

/** Every varuint encoding of client `from` in the bytes, replaced by `to`'s. */
function swapClient(bytes: Uint8Array, from: number, to: number): Uint8Array {
	const a = varUint(from);
	const b = varUint(to);
	const out: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		if (a.every((x, j) => bytes[i + j] === x)) {
			out.push(...b);
			i += a.length - 1;
		} else out.push(bytes[i]!);
	}
	return Uint8Array.from(out);
}

function varUint(n: number): number[] {
	const out: number[] = [];
	while (n > 0x7f) {
		out.push(0x80 | (n & 0x7f));
		n = Math.floor(n / 128);
	}
	out.push(n);
	return out;
}
