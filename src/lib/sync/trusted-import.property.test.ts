/**
 * trustedImport as a property: members write and delete records through the relay; my phone then
 * writes offline (over one or two sessions of the app, i.e. client ids) and exports; a forger edits
 * the file with random records under other members' keys and deletions of their records; the
 * others keep writing on the relay afterwards. Whatever the schedule, the rebuilt board holds
 * exactly the relay's records of everyone else and exactly the file's records of mine, and none
 * of my changes is dropped. fast-check prints the seed and the shrunk schedule on failure; replay
 * with TRUSTED_IMPORT_SEED=<seed>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trustedImport } from './trusted-import';

const ME = 'amelie';
const MEMBERS = [ME, 'bob', 'cleo'] as const;
const OTHERS = ['bob', 'cleo'] as const;
const KEYS = 4;

type Op = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number };

const op = fc.oneof(
	fc.record({
		kind: fc.constant('set' as const),
		key: fc.nat(KEYS - 1),
		value: fc.nat(999)
	}),
	fc.record({ kind: fc.constant('delete' as const), key: fc.nat(KEYS - 1) })
);
const memberOps = fc.array(fc.record({ member: fc.nat(MEMBERS.length - 1), op }), {
	maxLength: 12
});
const forgedOps = fc.array(fc.record({ member: fc.nat(OTHERS.length - 1), op }), {
	maxLength: 8
});

function apply(doc: Y.Doc, member: string, change: Op): void {
	const posts = doc.getMap('posts');
	const key = `${member}:k${change.key}`;
	if (change.kind === 'set') posts.set(key, { v: change.value });
	else posts.delete(key);
}

function sync(to: Y.Doc, from: Y.Doc): void {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function withClient(client: number, base: Y.Doc): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	sync(doc, base);
	return doc;
}

function recordsOf(doc: Y.Doc, owner: (key: string) => boolean): Record<string, unknown> {
	const all = doc.getMap('posts').toJSON() as Record<string, unknown>;
	return Object.fromEntries(Object.entries(all).filter(([key]) => owner(key)));
}

const mine = (key: string) => key.startsWith(`${ME}:`);

describe('trustedImport (property)', () => {
	it('keeps the relay’s records of others and the file’s records of mine, whatever was forged', () => {
		const seed = process.env.TRUSTED_IMPORT_SEED;
		fc.assert(
			fc.property(
				memberOps,
				fc.array(op, { maxLength: 6 }),
				fc.array(op, { maxLength: 6 }),
				forgedOps,
				memberOps,
				(before, offline1, offline2, forged, after) => {
					const relay = new Y.Doc();
					relay.clientID = 1000;
					// Each member's phone, one client id each, synced through the relay.
					const phones = MEMBERS.map((_, i) => withClient(10 + i, relay));
					for (const { member, op: change } of before) {
						const phone = phones[member]!;
						sync(phone, relay);
						apply(phone, MEMBERS[member]!, change);
						sync(relay, phone);
					}
					// My phone goes offline: two sessions of the app, then the export.
					const file = phones[0]!;
					sync(file, relay);
					for (const change of offline1) apply(file, ME, change);
					const session2 = withClient(20, file);
					for (const change of offline2) apply(session2, ME, change);
					// The forger edits the file with a client id of its own.
					const forger = withClient(30, session2);
					for (const { member, op: change } of forged) apply(forger, OTHERS[member]!, change);
					// The others go on writing on the relay meanwhile.
					for (const { member, op: change } of after.filter((a) => a.member !== 0)) {
						const phone = phones[member]!;
						sync(phone, relay);
						apply(phone, MEMBERS[member]!, change);
						sync(relay, phone);
					}

					const result = trustedImport(
						Y.encodeStateAsUpdate(relay),
						Y.encodeStateAsUpdate(forger),
						ME
					);
					const trusted = new Y.Doc();
					Y.applyUpdate(trusted, result.update);
					expect(recordsOf(trusted, (k) => !mine(k))).toEqual(recordsOf(relay, (k) => !mine(k)));
					expect(recordsOf(trusted, mine)).toEqual(recordsOf(session2, mine));
					expect(result.dropped).toEqual([]);
				}
			),
			{ numRuns: 150, ...(seed ? { seed: Number(seed) } : {}) }
		);
	});
});
