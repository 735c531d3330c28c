/**
 * Forged updates for the write-scope tests: Mallory, a member of the board, forges updates
 * against the honest members' data, of every kind in KINDS, each with the refusal reasons that
 * fit it.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/lib/sync/protocol';
import { POSTS, syncFrame, type SyncClient, type TestMember } from './clients';
import {
	afterOriginUpdate,
	deleteUpdate,
	gcUpdate,
	selfOriginUpdate,
	skipThenGcUpdate,
	zeroLengthEntryUpdate
} from './forge';

export interface ForgedCase {
	kind: string;
	update: Uint8Array;
	/** Refusal reasons that fit; anything else (an ack above all) fails the test. */
	reasons: string[];
}

export const KINDS = [
	'write under their key',
	'overwrite their record',
	'delete their record',
	'write as their client id',
	'GC range on their client',
	'skip then GC on their client',
	'delete their future clocks',
	'delete one of their live items',
	'edit inside their nested record',
	'V2 update',
	'own write plus their deletion',
	'unprefixed key',
	'root array or text',
	'empty struct over their record',
	'item referring to its own future',
	'item after their future clock',
	'empty deletion range',
	'truncated forgery',
	'garbage bytes'
] as const;

type Victim = { member: TestMember; client: number; doc: Y.Doc };

export class Forger {
	private state!: Uint8Array;
	private sv!: Uint8Array;
	private readonly victims: Victim[];

	constructor(
		private readonly gen: prng.PRNG,
		private readonly model: Y.Doc,
		private readonly mallory: TestMember,
		private readonly malloryClient: number,
		honest: SyncClient[]
	) {
		this.victims = honest.map((c) => ({ member: c.member, client: c.doc.clientID, doc: c.doc }));
		this.refresh();
	}

	/** After honest members wrote: forge against the current state. */
	refresh(): void {
		this.state = Y.encodeStateAsUpdate(this.model);
		this.sv = Y.encodeStateVector(this.model);
	}

	next(): ForgedCase {
		for (;;) {
			const kind = prng.oneOf(this.gen, [...KINDS]);
			const forged = this.forge(kind);
			if (forged) return { kind, ...forged };
		}
	}

	/** Mallory's copy of the board, to edit as he likes. */
	private scratch(clientId = this.malloryClient): Y.Doc {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, this.state);
		doc.clientID = clientId;
		return doc;
	}

	private diff(doc: Y.Doc): Uint8Array {
		return Y.encodeStateAsUpdate(doc, this.sv);
	}

	private clock(client: number): number {
		return Y.getState(this.model.store, client);
	}

	private forge(kind: (typeof KINDS)[number]): Omit<ForgedCase, 'kind'> | null {
		const g = this.gen;
		const victim = prng.oneOf(g, this.victims);
		const record = prng.oneOf(g, ['plain', 'list', 'text', 'map', 'gone', 'r0', 'r1']);
		const key = victim.member.key(record);
		const value = { title: prng.word(g, 1, 12), n: prng.int32(g, 0, 1e6) };
		switch (kind) {
			case 'write under their key': {
				const doc = this.scratch();
				doc.getMap(POSTS).set(victim.member.key(`forged-${prng.uint32(g, 0, 1e9)}`), value);
				return { update: this.diff(doc), reasons: ['foreign-key'] };
			}
			case 'overwrite their record': {
				const doc = this.scratch();
				doc.getMap(POSTS).set(key, value);
				return { update: this.diff(doc), reasons: ['foreign-key'] };
			}
			case 'delete their record': {
				const doc = this.scratch();
				if (!doc.getMap(POSTS).has(key)) return null;
				doc.getMap(POSTS).delete(key);
				return { update: this.diff(doc), reasons: ['foreign-delete'] };
			}
			case 'write as their client id': {
				// Under the victim's own key even: the client id alone gives it away.
				const doc = this.scratch(victim.client);
				doc.getMap(POSTS).set(prng.bool(g) ? key : this.mallory.key('x'), value);
				return { update: this.diff(doc), reasons: ['foreign-client'] };
			}
			case 'GC range on their client':
				return {
					update: gcUpdate(victim.client, this.clock(victim.client), prng.int32(g, 1, 50)),
					reasons: ['foreign-client']
				};
			case 'skip then GC on their client':
				return {
					update: skipThenGcUpdate(
						victim.client,
						this.clock(victim.client),
						prng.int32(g, 1, 20),
						prng.int32(g, 1, 20)
					),
					reasons: ['foreign-client']
				};
			case 'delete their future clocks':
				return {
					update: deleteUpdate(
						victim.client,
						this.clock(victim.client) + prng.int32(g, 0, 10),
						prng.int32(g, 1, 1000)
					),
					reasons: ['foreign-delete']
				};
			case 'delete one of their live items': {
				const live = liveClocks(this.model, victim.client);
				if (live.length === 0) return null;
				const clock = prng.oneOf(g, live);
				const before = prng.int32(g, 0, Math.min(clock, 3));
				return {
					update: deleteUpdate(victim.client, clock - before, before + prng.int32(g, 1, 3)),
					reasons: ['foreign-delete']
				};
			}
			case 'edit inside their nested record': {
				const doc = this.scratch();
				const posts = doc.getMap(POSTS);
				const list = posts.get(victim.member.key('list'));
				const text = posts.get(victim.member.key('text'));
				const map = posts.get(victim.member.key('map'));
				const choice = prng.int32(g, 0, 4);
				if (choice === 0 && list instanceof Y.Array)
					list.insert(prng.int32(g, 0, list.length), [9]);
				else if (choice === 1 && list instanceof Y.Array && list.length > 0) list.delete(0, 1);
				else if (choice === 2 && text instanceof Y.Text)
					text.insert(prng.int32(g, 0, text.length), 'x');
				else if (choice === 3 && text instanceof Y.Text && text.length > 0)
					text.format(0, 1, { b: true });
				else if (map instanceof Y.Map) map.set('seats', prng.int32(g, 0, 9));
				else return null;
				return { update: this.diff(doc), reasons: ['foreign-parent', 'foreign-delete'] };
			}
			case 'V2 update': {
				// Even a write of his own, and even with a fresh client id: V2 is not accepted.
				const doc = this.scratch(
					prng.bool(g) ? this.malloryClient : prng.uint32(g, 0, 2 ** 32 - 1)
				);
				doc.getMap(POSTS).set(prng.bool(g) ? this.mallory.key('v2') : key, value);
				return { update: Y.encodeStateAsUpdateV2(doc, this.sv), reasons: ['not-v1', 'malformed'] };
			}
			case 'own write plus their deletion': {
				// One update, a legitimate half and a forged half: refused whole.
				const doc = this.scratch();
				if (!doc.getMap(POSTS).has(key)) return null;
				doc.transact(() => {
					doc.getMap(POSTS).set(this.mallory.key(`ok-${prng.uint32(g, 0, 1e9)}`), value);
					doc.getMap(POSTS).delete(key);
				});
				return { update: this.diff(doc), reasons: ['foreign-delete'] };
			}
			case 'unprefixed key': {
				const doc = this.scratch();
				const bare = prng.oneOf(g, ['title', this.mallory.memberId, `:${this.mallory.memberId}`]);
				doc.getMap(prng.oneOf(g, [POSTS, 'members', 'elsewhere'])).set(bare, value);
				return { update: this.diff(doc), reasons: ['foreign-key'] };
			}
			case 'root array or text': {
				const doc = this.scratch();
				if (prng.bool(g)) doc.getArray('log').push([value]);
				else doc.getText('notes').insert(0, 'bonjour');
				return { update: this.diff(doc), reasons: ['not-a-record'] };
			}
			case 'empty struct over their record': {
				const own = {
					client: this.malloryClient,
					clock: this.clock(this.malloryClient),
					root: POSTS,
					key: this.mallory.key('cover')
				};
				const target = prng.bool(g)
					? { ...own, key }
					: { client: victim.client, clock: this.clock(victim.client), root: POSTS, key };
				return { update: zeroLengthEntryUpdate(target, own), reasons: ['malformed'] };
			}
			case 'item referring to its own future':
				return {
					update: selfOriginUpdate(
						this.malloryClient,
						this.clock(this.malloryClient),
						prng.int32(g, 0, 5)
					),
					reasons: ['malformed']
				};
			case 'item after their future clock':
				// Yjs would keep it pending and slot it in next to the victim's next write.
				return {
					update: afterOriginUpdate(this.malloryClient, this.clock(this.malloryClient), {
						client: victim.client,
						clock: this.clock(victim.client) + prng.int32(g, 0, 5)
					}),
					reasons: ['missing-dependency']
				};
			case 'empty deletion range': {
				const client = prng.oneOf(g, [victim.client, this.malloryClient]);
				return {
					update: deleteUpdate(client, prng.int32(g, 0, this.clock(client)), 0),
					reasons: ['malformed']
				};
			}
			case 'truncated forgery': {
				let base: Omit<ForgedCase, 'kind'> | null = null;
				while (!base) base = this.forge(prng.oneOf(g, KINDS.slice(0, 11)));
				const cut = base.update.slice(0, prng.int32(g, 1, base.update.length - 1));
				return undecodable(cut) ? { update: cut, reasons: ['malformed'] } : null;
			}
			case 'garbage bytes': {
				const bytes = prng.uint8Array(g, prng.int32(g, 1, 300));
				return undecodable(bytes) ? { update: bytes, reasons: ['malformed'] } : null;
			}
		}
	}
}

/** Clocks of items of `client` that are not deleted. */
function liveClocks(doc: Y.Doc, client: number): number[] {
	const structs = (doc.store as unknown as { clients: Map<number, (Y.Item | Y.GC)[]> }).clients.get(
		client
	);
	return (structs ?? [])
		.filter((s): s is Y.Item => s instanceof Y.Item && !s.deleted)
		.map((s) => s.id.clock);
}

/** Yjs's own decoder rejects it (checked here so that the test does not trust the relay's). */
function undecodable(update: Uint8Array): boolean {
	try {
		Y.decodeUpdate(update);
		return false;
	} catch {
		return true;
	}
}

/** A frame whose envelope is broken: a length past the end, an unknown sync step, a cut. */
export function brokenFrame(gen: prng.PRNG, update: Uint8Array): Uint8Array {
	const frame = syncFrame(update, prng.int32(gen, 1, 2));
	switch (prng.int32(gen, 0, 3)) {
		case 0:
			return frame.slice(0, prng.int32(gen, 2, frame.length - 1));
		case 1:
			return syncFrame(update, prng.int32(gen, 3, 100));
		case 2:
			// A sync step 1 whose state vector is garbage: the relay cannot compute its answer.
			return syncFrame(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0);
		default:
			return new Uint8Array([MESSAGE_AWARENESS, 0xff, 0xff, 0xff, 0x0f, MESSAGE_SYNC]);
	}
}
