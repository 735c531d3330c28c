/**
 * Write scopes judged by effect. Honest members (offline for a while, creating and deleting their
 * own records, replying with their whole delete set) always pass; forged updates that would add or
 * delete another member's data never do. fast-check prints the seed of any failure.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memberId } from '../domain/test-helpers';
import { checkUpdate, type ScopeResult } from './write-scope';

const alice = memberId('alice');
const bob = memberId('bob');
const mallory = memberId('mallory');

/** The relay's side: a doc, client bindings, and only validated updates applied. */
class Relay {
	readonly doc = new Y.Doc();
	readonly owners = new Map<number, string>();
	submit(update: Uint8Array, sender: string): ScopeResult {
		const result = checkUpdate(this.doc, update, { sender, ownerOf: (c) => this.owners.get(c) });
		if (result.ok) {
			for (const c of result.newClients) this.owners.set(c, sender);
			Y.applyUpdate(this.doc, update);
		}
		return result;
	}
}

/** A member's phone: its own doc, syncing with the relay the way y-websocket does. */
class Phone {
	readonly doc = new Y.Doc();
	constructor(
		readonly member: string,
		private readonly relay: Relay
	) {}
	/** Sync step 2 from the phone (whole delete set included), then step 2 from the relay. */
	sync(): ScopeResult {
		const mine = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.relay.doc));
		const result = this.relay.submit(mine, this.member);
		Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.relay.doc, Y.encodeStateVector(this.doc)));
		return result;
	}
	set(collection: string, id: string, value: unknown): void {
		this.doc.getMap(collection).set(`${this.member}:${id}`, value);
	}
	/** A new session on the same device: a fresh client id, same content. */
	restart(): void {
		this.doc.clientID = Math.floor(Math.random() * 2 ** 31);
	}
}

function setUp() {
	const relay = new Relay();
	return {
		relay,
		a: new Phone(alice, relay),
		b: new Phone(bob, relay),
		m: new Phone(mallory, relay)
	};
}

function expectRefused(result: ScopeResult, reason: string) {
	expect(result.ok ? 'accepted' : result.reason).toBe(reason);
}

/** A V1 update holding one GC or Skip struct (info 0 or 10) for `client` at `clock`. */
function rawStructUpdate(client: number, clock: number, info: 0 | 10, len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1); // one client
	encoding.writeVarUint(e, 1); // one struct
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, clock);
	encoding.writeUint8(e, info);
	encoding.writeVarUint(e, len);
	encoding.writeVarUint(e, 0); // empty delete set
	return encoding.toUint8Array(e);
}

/** A V1 update that only deletes `len` clocks of `client` from `clock`. */
function rawDeleteUpdate(client: number, clock: number, len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0); // no structs
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clock);
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
}

describe('write scopes: forged updates', () => {
	it('refuses structs under another member’s client id', () => {
		const { relay, a, m } = setUp();
		a.set('posts', 'p1', { title: 'vélo' });
		expect(a.sync().ok).toBe(true);
		Y.applyUpdate(m.doc, Y.encodeStateAsUpdate(relay.doc));
		// Mallory writes as Alice's client (set after the sync: Yjs re-rolls an id it sees remotely).
		m.doc.clientID = a.doc.clientID;
		m.doc.getMap('posts').set(`${alice}:p2`, { title: 'faux' });
		expectRefused(m.sync(), 'foreign-client');
	});

	it('refuses writes and overwrites under another member’s key', () => {
		const { relay, a, m } = setUp();
		a.set('posts', 'p1', { title: 'vélo' });
		a.sync();
		m.sync();
		m.doc.getMap('posts').set(`${alice}:p1`, { title: 'volé' });
		expectRefused(m.sync(), 'foreign-key');
		const fresh = new Phone(mallory, relay);
		fresh.doc.getMap('posts').set(`${alice}:new`, { title: 'faux' });
		expectRefused(fresh.sync(), 'foreign-key');
		expect(relay.doc.getMap('posts').get(`${alice}:p1`)).toEqual({ title: 'vélo' });
	});

	it('refuses deleting another member’s item, now or in the future', () => {
		const { relay, a, m } = setUp();
		a.set('posts', 'p1', { title: 'vélo' });
		a.sync();
		m.sync();
		m.doc.getMap('posts').delete(`${alice}:p1`);
		expectRefused(m.sync(), 'foreign-delete');
		const clock = Y.getState(relay.doc.store, a.doc.clientID);
		expectRefused(
			relay.submit(rawDeleteUpdate(a.doc.clientID, clock, 10), mallory),
			'foreign-delete'
		);
		expect(relay.doc.getMap('posts').get(`${alice}:p1`)).toEqual({ title: 'vélo' });
	});

	it('refuses GC ranges and Skips on another member’s client id (a Skip opens their next clock)', () => {
		const { relay, a } = setUp();
		a.set('posts', 'p1', { title: 'vélo' });
		a.sync();
		const next = Y.getState(relay.doc.store, a.doc.clientID);
		expectRefused(
			relay.submit(rawStructUpdate(a.doc.clientID, next, 0, 5), mallory),
			'foreign-client'
		);
		expectRefused(
			relay.submit(rawStructUpdate(a.doc.clientID, next, 10, 5), mallory),
			'incomplete'
		);
	});

	it('refuses V2 updates, root values without a key, and garbage', () => {
		const { relay } = setUp();
		const v2 = new Y.Doc();
		v2.getMap('posts').set(`${mallory}:x`, 1);
		expectRefused(relay.submit(Y.encodeStateAsUpdateV2(v2), mallory), 'not-v1');
		const arr = new Y.Doc();
		arr.getArray('posts').push([1]);
		expectRefused(relay.submit(Y.encodeStateAsUpdate(arr), mallory), 'not-a-record');
		expectRefused(relay.submit(new Uint8Array([1, 1, 200, 200, 200]), mallory), 'malformed');
	});

	it('refuses nested content inside another member’s record', () => {
		const { relay, a, m } = setUp();
		const nested = new Y.Map();
		a.doc.getMap('posts').set(`${alice}:p1`, nested);
		nested.set('title', 'vélo');
		a.sync();
		m.sync();
		(m.doc.getMap('posts').get(`${alice}:p1`) as Y.Map<string>).set('title', 'volé');
		expectRefused(m.sync(), 'foreign-parent');
		expect((relay.doc.getMap('posts').get(`${alice}:p1`) as Y.Map<string>).get('title')).toBe(
			'vélo'
		);
	});
});

describe('write scopes: malformed structs and pending edits', () => {
	it('refuses a zero-length struct at another member’s current clock', () => {
		const { relay, a } = setUp();
		a.set('posts', 'p1', { title: 'vélo' });
		a.sync();
		const clock = Y.getState(relay.doc.store, a.doc.clientID);
		expectRefused(relay.submit(rawStructUpdate(a.doc.clientID, clock, 0, 0), mallory), 'malformed');
		expect(relay.doc.getMap('posts').get(`${alice}:p1`)).toEqual({ title: 'vélo' });
	});

	it('holds back an edit that builds on the sender’s own offline data not yet sent, and takes it after', () => {
		const { relay, a } = setUp();
		a.set('posts', 'p1', { v: 1 });
		a.sync();
		// Offline edit, then a new edit on top of it; the new one reaches the relay first.
		a.set('posts', 'p1', { v: 2 });
		const offline = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(relay.doc));
		const sv = Y.encodeStateVector(a.doc);
		a.set('posts', 'p1', { v: 3 });
		const latest = Y.encodeStateAsUpdate(a.doc, sv);
		// Nothing of it is applied (it would stay pending): the relay holds it and tries again.
		expect(relay.submit(latest, alice)).toMatchObject({ reason: 'incomplete', retryable: true });
		expect(relay.doc.store.pendingStructs).toBeNull();
		expect(relay.submit(offline, alice)).toMatchObject({ ok: true });
		expect(relay.submit(latest, alice)).toMatchObject({ ok: true, changes: true });
		expect(relay.doc.getMap('posts').get(`${alice}:p1`)).toEqual({ v: 3 });
	});

	it('refuses an edit that builds on another member’s data the relay lacks', () => {
		const { relay, a, m } = setUp();
		a.set('posts', 'p1', { v: 1 });
		a.sync();
		m.sync();
		// Mallory learns of a future item of Alice's (never sent to the relay) and writes next to it.
		const aliceOffline = new Y.Doc();
		aliceOffline.clientID = a.doc.clientID;
		Y.applyUpdate(aliceOffline, Y.encodeStateAsUpdate(a.doc));
		aliceOffline.getMap('posts').set(`${alice}:p1`, { v: 2 });
		Y.applyUpdate(m.doc, Y.encodeStateAsUpdate(aliceOffline));
		const sv = Y.encodeStateVector(m.doc);
		m.doc.getMap('posts').set(`${alice}:p1`, { v: 'volé' });
		const forged = Y.encodeStateAsUpdate(m.doc, sv);
		const result = relay.submit(forged, mallory);
		expect(result.ok).toBe(false);
	});
});

describe('write scopes: honest members', () => {
	it('pass after days offline, with deletions and other members’ data in their reply', () => {
		const { relay, a, b } = setUp();
		a.set('posts', 'p1', { t: 1 });
		b.set('posts', 'q1', { t: 1 });
		expect([a.sync().ok, b.sync().ok, a.sync().ok]).toEqual([true, true, true]);
		// Bob deletes his own record; Alice, offline, creates, edits and deletes hers meanwhile.
		b.doc.getMap('posts').delete(`${bob}:q1`);
		expect(b.sync().ok).toBe(true);
		a.restart();
		a.set('posts', 'p2', { t: 2 });
		a.set('posts', 'p2', { t: 3 });
		a.doc.getMap('posts').delete(`${alice}:p1`);
		const nested = new Y.Map();
		a.doc.getMap('posts').set(`${alice}:p3`, nested);
		nested.set('x', 1);
		a.doc.getMap('posts').delete(`${alice}:p3`); // leaves GC structs on Alice's client
		// Her reply repeats everything the relay already has: it must pass.
		const full = Y.encodeStateAsUpdate(a.doc);
		expect(relay.submit(full, alice)).toMatchObject({ ok: true });
		expect(a.sync()).toMatchObject({ ok: true });
		b.sync();
		expect(relay.doc.getMap('posts').toJSON()).toEqual({ [`${alice}:p2`]: { t: 3 } });
		expect(b.doc.getMap('posts').toJSON()).toEqual(a.doc.getMap('posts').toJSON());
		// Bob's full state, including Alice's deletions it learnt from the relay, passes too.
		expect(relay.submit(Y.encodeStateAsUpdate(b.doc), bob)).toMatchObject({
			ok: true,
			changes: false
		});
	});
});

type Op =
	| { who: 0 | 1; kind: 'set' | 'delete'; id: number; value: number }
	| { who: 0 | 1; kind: 'sync' | 'restart' }
	| { who: 2; kind: 'forge'; attack: number; id: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		who: fc.constantFrom(0 as const, 1 as const),
		kind: fc.constantFrom('set' as const, 'delete' as const),
		id: fc.nat(4),
		value: fc.nat(100)
	}),
	fc.record({
		who: fc.constantFrom(0 as const, 1 as const),
		kind: fc.constantFrom('sync' as const, 'restart' as const)
	}),
	fc.record({
		who: fc.constant(2 as const),
		kind: fc.constant('forge' as const),
		attack: fc.nat(5),
		id: fc.nat(4)
	})
);

describe('write scopes: generated histories', () => {
	it('never refuses an honest update and never lets a forged one change the relay (10,000+ forgeries)', () => {
		let forgeries = 0;
		fc.assert(
			fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
				const { relay, a, b, m } = setUp();
				const honest = [a, b];
				for (const op of ops) {
					if (op.who !== 2) {
						const phone = honest[op.who]!;
						const map = phone.doc.getMap('posts');
						const key = `${phone.member}:r${op.kind === 'set' || op.kind === 'delete' ? op.id : 0}`;
						if (op.kind === 'set') map.set(key, { v: op.value });
						else if (op.kind === 'delete') map.delete(key);
						else if (op.kind === 'restart') phone.restart();
						else expect(phone.sync()).toMatchObject({ ok: true });
						continue;
					}
					m.sync();
					const before = Y.encodeStateVector(relay.doc);
					const snapshot = JSON.stringify(relay.doc.getMap('posts').toJSON());
					const victim = [a, b][op.id % 2]!;
					const forged = forge(op.attack, op.id, m, victim, relay);
					if (!forged) continue;
					forgeries++;
					const result = relay.submit(forged, mallory);
					if (result.ok) expect(result.changes, `attack ${op.attack}`).toBe(false);
					expect(JSON.stringify(relay.doc.getMap('posts').toJSON())).toBe(snapshot);
					expect(Y.encodeStateVector(relay.doc)).toEqual(before);
				}
				for (const p of [a, b, a, b]) expect(p.sync()).toMatchObject({ ok: true });
				expect(a.doc.getMap('posts').toJSON()).toEqual(b.doc.getMap('posts').toJSON());
				expect(relay.doc.getMap('posts').toJSON()).toEqual(a.doc.getMap('posts').toJSON());
			}),
			{ numRuns: 1800 }
		);
		expect(forgeries).toBeGreaterThanOrEqual(10_000);
	}, 60_000);
});

/** Builds one forged update (from Mallory's synced copy) aimed at `victim`'s data. */
function forge(
	attack: number,
	id: number,
	m: Phone,
	victim: Phone,
	relay: Relay
): Uint8Array | null {
	const scratch = new Y.Doc();
	Y.applyUpdate(scratch, Y.encodeStateAsUpdate(relay.doc));
	const sv = Y.encodeStateVector(scratch);
	const key = `${victim.member}:r${id}`;
	const victimClient = [...relay.owners].find(([, owner]) => owner === victim.member)?.[0];
	switch (attack) {
		case 0: // write under the victim's key
			scratch.getMap('posts').set(key, { v: -1 });
			return Y.encodeStateAsUpdate(scratch, sv);
		case 1: // delete the victim's record
			if (!scratch.getMap('posts').has(key)) return null;
			scratch.getMap('posts').delete(key);
			return Y.encodeStateAsUpdate(scratch, sv);
		case 2: // write as the victim's client id
			if (victimClient === undefined) return null;
			scratch.clientID = victimClient;
			scratch.getMap('posts').set(`${victim.member}:forged`, { v: -1 });
			return Y.encodeStateAsUpdate(scratch, sv);
		case 3: // GC range on the victim's client
			if (victimClient === undefined) return null;
			return rawStructUpdate(victimClient, Y.getState(relay.doc.store, victimClient), 0, 3);
		case 4: // delete the victim's future clocks
			if (victimClient === undefined) return null;
			return rawDeleteUpdate(victimClient, Y.getState(relay.doc.store, victimClient), 50);
		default: // V2 encoding of an otherwise fine write of Mallory's own
			scratch.clientID = m.doc.clientID + 1;
			scratch.getMap('posts').set(`${mallory}:v2`, { v: 1 });
			return Y.encodeStateAsUpdateV2(scratch, sv);
	}
}
