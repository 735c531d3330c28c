import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CausalGate, type GateEvent } from './causal-gate';

/** Every update a document writes, in the order it wrote them. */
function recorder(doc: Y.Doc): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return updates;
}

/** Yjs keeps nothing half-applied: no structs or deletions pending for missing clocks. */
function nothingPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}

function gateOn(doc: Y.Doc, options = {}) {
	const gate = new CausalGate(doc, options);
	const events: GateEvent[] = [];
	gate.listen((event) => events.push(event));
	return { gate, events };
}

describe('causal gate: a map overwrite before its base', () => {
	// The host writes a roster, then edits something else, then rewrites the roster; the guest
	// holds the first roster and receives the rewrite before the edit between them.
	function hostWrites() {
		const host = new Y.Doc();
		const updates = recorder(host);
		host.getMap('rosters').set('h:slot', { decision: 'confirmed' });
		host.getMap('spaces').set('h:space', { title: 'Salon' });
		host.getMap('rosters').set('h:slot', { decision: 'confirmed', also: 'declined' });
		const [roster, edit, rewrite] = updates as [Uint8Array, Uint8Array, Uint8Array];
		return { host, roster, edit, rewrite };
	}

	it('without the gate, Yjs deletes the old value at once and shows nothing (why the gate)', () => {
		const { roster, rewrite } = hostWrites();
		const guest = new Y.Doc();
		Y.applyUpdate(guest, roster);
		Y.applyUpdate(guest, rewrite);
		expect(guest.getMap('rosters').get('h:slot')).toBeUndefined();
		expect(nothingPending(guest)).toBe(false);
	});

	it('holds the rewrite whole: the old value stays shown until its base arrives', () => {
		const { host, roster, edit, rewrite } = hostWrites();
		const guest = new Y.Doc();
		const { gate, events } = gateOn(guest);
		expect(gate.offer(roster)).toBe('applied');
		const shown = guest.getMap('rosters').toJSON();

		expect(gate.offer(rewrite)).toBe('held');
		expect(guest.getMap('rosters').toJSON()).toEqual(shown);
		expect(nothingPending(guest)).toBe(true);
		expect(gate.summary).toEqual({ count: 1, bytes: rewrite.byteLength });

		expect(gate.offer(edit)).toBe('applied');
		expect(guest.getMap('rosters').toJSON()).toEqual(host.getMap('rosters').toJSON());
		expect(guest.getMap('spaces').toJSON()).toEqual(host.getMap('spaces').toJSON());
		expect(gate.summary).toEqual({ count: 0, bytes: 0 });
		expect(events.map((e) => e.type)).toEqual(['held', 'released']);
	});

	it('releases a held update when the document gains the data by another path (the relay)', () => {
		const { host, roster, edit, rewrite } = hostWrites();
		const guest = new Y.Doc();
		const { gate, events } = gateOn(guest);
		gate.offer(rewrite);
		expect(guest.getMap('rosters').size).toBe(0);
		Y.applyUpdate(guest, Y.mergeUpdates([roster, edit]));
		expect(guest.getMap('rosters').toJSON()).toEqual(host.getMap('rosters').toJSON());
		expect(events.at(-1)).toMatchObject({ type: 'released', held: { count: 0, bytes: 0 } });
	});
});

describe('causal gate: deletions', () => {
	it('never applies a deletion before the struct it deletes', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		writer.getArray('list').insert(0, ['a', 'b']);
		writer.getArray('list').delete(0, 1);
		const [insert, deletion] = updates as [Uint8Array, Uint8Array];

		const reader = new Y.Doc();
		const { gate } = gateOn(reader);
		expect(gate.offer(deletion)).toBe('held');
		expect(nothingPending(reader)).toBe(true);
		// The deletion waits outside Yjs: applying the insert alone shows both items.
		Y.applyUpdate(reader, insert);
		expect(reader.getArray('list').toJSON()).toEqual(['b']);
		expect(gate.summary.count).toBe(0);
	});

	it('holds an update whose deletion covers clocks the document lacks, even with its structs', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const aUpdates = recorder(a);
		a.getMap('m').set('a:x', 1);
		Y.applyUpdate(b, aUpdates[0]!);
		const bUpdates = recorder(b);
		// b overwrites a's value: b's struct, and a deletion of a's item.
		b.getMap('m').set('a:x', 2);
		const reader = new Y.Doc();
		const { gate } = gateOn(reader);
		expect(gate.offer(bUpdates[0]!)).toBe('held');
		expect(reader.getMap('m').size).toBe(0);
		gate.offer(aUpdates[0]!);
		expect(reader.getMap('m').get('a:x')).toBe(2);
	});
});

describe('causal gate: bad input, duplicates and caps', () => {
	it('refuses bytes that are not a V1 update without touching the document', () => {
		const doc = new Y.Doc();
		doc.getMap('m').set('k', 1);
		const before = Y.encodeStateAsUpdate(doc);
		const { gate } = gateOn(doc);
		expect(gate.offer(new Uint8Array([1, 2, 3, 250, 9]))).toBe('malformed');
		expect(gate.offer(new Uint8Array())).toBe('malformed');
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(gate.summary.count).toBe(0);
	});

	it('applies duplicates and stored updates as nothing, and holds the same bytes once', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		writer.getMap('m').set('k', 1);
		writer.getMap('m').set('k', 2);
		const reader = new Y.Doc();
		const { gate } = gateOn(reader);
		expect(gate.offer(updates[1]!)).toBe('held');
		expect(gate.offer(updates[1]!)).toBe('held');
		expect(gate.summary.count).toBe(1);
		expect(gate.offer(updates[0]!)).toBe('applied');
		for (const update of [...updates, ...updates]) expect(gate.offer(update)).toBe('applied');
		expect(reader.getMap('m').toJSON()).toEqual({ k: 2 });
		expect(gate.summary.count).toBe(0);
	});

	it('over the cap, drops the oldest held update and says so; it can come again', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		for (let i = 0; i < 5; i++) writer.getMap('m').set('k', i);
		const reader = new Y.Doc();
		const { gate, events } = gateOn(reader, { maxHeldUpdates: 2 });
		gate.offer(updates[2]!);
		gate.offer(updates[3]!);
		gate.offer(updates[4]!);
		expect(gate.summary.count).toBe(2);
		const dropped = events.filter((e) => e.type === 'dropped');
		expect(dropped).toEqual([
			{ type: 'dropped', bytes: updates[2]!.byteLength, why: 'cap', held: gate.summary }
		]);
		// The dropped one comes again (a later sync): everything lands.
		gate.offer(updates[0]!);
		gate.offer(updates[1]!);
		expect(gate.summary.count).toBe(2);
		gate.offer(updates[2]!);
		expect(reader.getMap('m').get('k')).toBe(4);
		expect(gate.summary).toEqual({ count: 0, bytes: 0 });
	});

	it('drops an update bigger than the byte cap at once', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		writer.getMap('m').set('k', 'x');
		writer.getMap('m').set('k', 'y'.repeat(200));
		const { gate } = gateOn(new Y.Doc(), { maxHeldBytes: 100 });
		expect(gate.offer(updates[1]!)).toBe('dropped');
		expect(gate.summary.count).toBe(0);
	});

	it('reports what it held as dropped when the document is destroyed, and stops listening', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		writer.getMap('m').set('k', 1);
		writer.getMap('m').set('k', 2);
		const doc = new Y.Doc();
		const { gate, events } = gateOn(doc);
		gate.offer(updates[1]!);
		doc.destroy();
		expect(events.at(-1)).toMatchObject({ type: 'dropped', why: 'destroyed' });
		expect(gate.summary.count).toBe(0);
	});

	it('survives a listener that throws', () => {
		const writer = new Y.Doc();
		const updates = recorder(writer);
		writer.getMap('m').set('k', 1);
		writer.getMap('m').set('k', 2);
		const doc = new Y.Doc();
		const gate = new CausalGate(doc);
		gate.listen(() => {
			throw new Error('a UI bug');
		});
		const error = console.error;
		console.error = () => {};
		try {
			expect(gate.offer(updates[1]!)).toBe('held');
			expect(gate.offer(updates[0]!)).toBe('applied');
		} finally {
			console.error = error;
		}
		expect(doc.getMap('m').get('k')).toBe(2);
	});
});
