import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trustedImport } from './trusted-import';

const AMELIE = 'amelie';
const BOB = 'bob';

/** A doc writing with a fixed client id, so each test says who wrote what. */
function writer(client: number, base?: Y.Doc): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	return doc;
}

function sync(to: Y.Doc, from: Y.Doc): void {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** The relay's board: Bob's slot, Amélie's request for a seat and her profile. */
function relayBoard(): Y.Doc {
	const bob = writer(1);
	bob.getMap('slots').set(`${BOB}:slot1`, { seats: 2 });
	bob.getMap('posts').set(`${BOB}:p1`, { title: 'Soupe' });
	const amelie = writer(2, bob);
	amelie.getMap('bookings').set(`${AMELIE}:b1`, { slot: `${BOB}:slot1`, seats: 1 });
	amelie.getMap('members').set(`${AMELIE}:profile`, { name: 'Amélie' });
	const relay = writer(99, bob);
	sync(relay, amelie);
	return relay;
}

/** Every collection these tests write (a doc's own toJSON skips roots it never named). */
function content(doc: Y.Doc): Record<string, unknown> {
	const roots = ['slots', 'posts', 'bookings', 'members', 'rosters'];
	return Object.fromEntries(roots.map((root) => [root, doc.getMap(root).toJSON()]));
}

function rebuilt(result: { update: Uint8Array }): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, result.update);
	return doc;
}

describe('trustedImport: an imported board rebuilt from the relay and my own changes', () => {
	it('drops a confirmation forged under another member’s key, keeps my offline post', () => {
		const relay = relayBoard();
		// The file: the board as Amélie's phone held it, her offline post, and a forged roster.
		const offline = writer(3, relay);
		offline.getMap('posts').set(`${AMELIE}:p2`, { title: 'Perceuse' });
		const forger = writer(4, offline);
		forger.getMap('rosters').set(`${BOB}:r1`, { entries: { [`${AMELIE}:b1`]: 'confirmed' } });
		const file = Y.encodeStateAsUpdate(forger);
		expect(forger.getMap('rosters').size).toBe(1);

		const result = trustedImport(Y.encodeStateAsUpdate(relay), file, AMELIE);
		const doc = rebuilt(result);
		expect(doc.getMap('rosters').size).toBe(0);
		expect(doc.getMap('posts').get(`${AMELIE}:p2`)).toEqual({ title: 'Perceuse' });
		// The relay's own content is all there.
		expect(doc.getMap('posts').get(`${BOB}:p1`)).toEqual({ title: 'Soupe' });
		expect(doc.getMap('bookings').get(`${AMELIE}:b1`)).toEqual({ slot: `${BOB}:slot1`, seats: 1 });
		expect(result.kept).toContain(3);
		// The forger's client id writes for Bob in the file: never taken as mine, so never judged.
		expect(result.kept).not.toContain(4);
		expect(result.unconfirmed).toBe(1);
	});

	it('does not let a deletion forged in the file remove another member’s item', () => {
		const relay = relayBoard();
		const file = writer(3, relay);
		file.getMap('posts').delete(`${BOB}:p1`);
		file.getMap('slots').delete(`${BOB}:slot1`);
		expect(file.getMap('posts').has(`${BOB}:p1`)).toBe(false);

		const doc = rebuilt(
			trustedImport(Y.encodeStateAsUpdate(relay), Y.encodeStateAsUpdate(file), AMELIE)
		);
		expect(doc.getMap('posts').get(`${BOB}:p1`)).toEqual({ title: 'Soupe' });
		expect(doc.getMap('slots').get(`${BOB}:slot1`)).toEqual({ seats: 2 });
	});

	it('keeps my own deletions and edits, across client ids that build on each other', () => {
		const relay = relayBoard();
		// Two offline sessions of the app: the second edits the post the first wrote, and the
		// second withdraws the booking request the relay holds.
		const first = writer(3, relay);
		first.getMap('posts').set(`${AMELIE}:p2`, { title: 'Perceuse' });
		const second = writer(5, first);
		second.getMap('posts').set(`${AMELIE}:p2`, { title: 'Perceuse et mèches' });
		second.getMap('bookings').delete(`${AMELIE}:b1`);

		const result = trustedImport(
			Y.encodeStateAsUpdate(relay),
			Y.encodeStateAsUpdate(second),
			AMELIE
		);
		const doc = rebuilt(result);
		expect(doc.getMap('posts').get(`${AMELIE}:p2`)).toEqual({ title: 'Perceuse et mèches' });
		expect(doc.getMap('bookings').has(`${AMELIE}:b1`)).toBe(false);
		expect(result.dropped).toEqual([]);
	});

	it('drops a client id of mine that carries a forged record, and only that one', () => {
		const relay = relayBoard();
		const honest = writer(3, relay);
		honest.getMap('posts').set(`${AMELIE}:p2`, { title: 'Perceuse' });
		// Client 6 writes under my key first (so the file shows it as mine), then under Bob's.
		const forged = writer(6, honest);
		forged.getMap('posts').set(`${AMELIE}:p3`, { title: 'Leurre' });
		forged.getMap('rosters').set(`${BOB}:r1`, { entries: { [`${AMELIE}:b1`]: 'confirmed' } });

		const result = trustedImport(
			Y.encodeStateAsUpdate(relay),
			Y.encodeStateAsUpdate(forged),
			AMELIE
		);
		const doc = rebuilt(result);
		expect(doc.getMap('rosters').size).toBe(0);
		expect(doc.getMap('posts').has(`${AMELIE}:p3`)).toBe(false);
		expect(doc.getMap('posts').get(`${AMELIE}:p2`)).toEqual({ title: 'Perceuse' });
		expect(result.dropped.map((d) => d.client)).toEqual([6]);
		expect(result.dropped[0]!.reason).toMatch(/^foreign-key/);
	});

	it('never takes a client id the relay knows as another member’s, even under my key', () => {
		const relay = relayBoard();
		// Bob's client id 1, extended in the file with a record under my key.
		const file = writer(7, relay);
		file.clientID = 1; // after the relay's state: Yjs would otherwise pick another id
		file.getMap('posts').set(`${AMELIE}:p9`, { title: 'Au nom de Bob' });
		const result = trustedImport(Y.encodeStateAsUpdate(relay), Y.encodeStateAsUpdate(file), AMELIE);
		expect(rebuilt(result).getMap('posts').has(`${AMELIE}:p9`)).toBe(false);
	});

	it('is harmless to redo: the rebuilt board rebuilt again is the same board', () => {
		const relay = relayBoard();
		const file = writer(3, relay);
		file.getMap('posts').set(`${AMELIE}:p2`, { title: 'Perceuse' });
		file.getMap('posts').delete(`${BOB}:p1`);
		const once = trustedImport(Y.encodeStateAsUpdate(relay), Y.encodeStateAsUpdate(file), AMELIE);
		const twice = trustedImport(Y.encodeStateAsUpdate(relay), once.update, AMELIE);
		expect(content(rebuilt(twice))).toEqual(content(rebuilt(once)));
		expect(content(rebuilt(once)).posts).toEqual({
			[`${BOB}:p1`]: { title: 'Soupe' },
			[`${AMELIE}:p2`]: { title: 'Perceuse' }
		});
		expect(Y.encodeStateVector(rebuilt(twice))).toEqual(Y.encodeStateVector(rebuilt(once)));
	});

	it('keeps nothing of the file when the relay has the board and nothing of mine is in it', () => {
		const relay = relayBoard();
		const forger = writer(4, relay);
		forger.getMap('posts').set(`${BOB}:p1`, { title: 'Soupe empoisonnée' });
		const result = trustedImport(
			Y.encodeStateAsUpdate(relay),
			Y.encodeStateAsUpdate(forger),
			AMELIE
		);
		expect(content(rebuilt(result))).toEqual(content(relay));
		expect(content(relay).posts).toEqual({ [`${BOB}:p1`]: { title: 'Soupe' } });
	});
});
