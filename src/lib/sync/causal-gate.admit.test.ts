/**
 * The gate decides when; `admit` decides whether, at the one moment the effect of an update can be
 * judged: once it integrates. A packet's write scope (checkUpdate) refuses an update that does not
 * integrate yet, so a packet offered out of order is judged when its older data has come.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CausalGate, type GateEvent } from './causal-gate';
import { checkUpdate } from './write-scope';

function aliceWrites() {
	const alice = new Y.Doc();
	const updates: Uint8Array[] = [];
	alice.on('update', (update: Uint8Array) => updates.push(update));
	alice.getMap('posts').set('alice:1', { title: 'Perceuse' });
	alice.getMap('posts').set('alice:2', { title: 'Échelle' });
	alice.getMap('posts').set('alice:1', { title: 'Perceuse à prêter' });
	return { alice, updates: updates as [Uint8Array, Uint8Array, Uint8Array] };
}

function gateOn(doc: Y.Doc) {
	const gate = new CausalGate(doc);
	const events: GateEvent[] = [];
	gate.listen((event) => events.push(event));
	return { gate, events };
}

describe('causal gate: admit', () => {
	it('judges a held update with the write scope once it integrates, then applies it', () => {
		const { alice, updates } = aliceWrites();
		const reader = new Y.Doc();
		const { gate } = gateOn(reader);
		const ownerOf = (client: number) => (client === alice.clientID ? 'alice' : undefined);
		const verdicts: boolean[] = [];
		const admit = (update: Uint8Array) => {
			const scope = checkUpdate(reader, update, { sender: 'alice', ownerOf });
			verdicts.push(scope.ok);
			return scope.ok;
		};
		// Out of order, the write scope itself would refuse it (it does not integrate yet).
		const early = checkUpdate(reader, updates[2], { sender: 'alice', ownerOf });
		expect(early).toMatchObject({ ok: false, reason: 'incomplete', retryable: true });

		expect(gate.offer(updates[2], { admit })).toBe('held');
		expect(gate.offer(updates[0], { admit })).toBe('applied');
		expect(verdicts).toEqual([true]);
		expect(gate.offer(updates[1], { admit })).toBe('applied');
		expect(verdicts).toEqual([true, true, true]);
		expect(reader.getMap('posts').toJSON()).toEqual(alice.getMap('posts').toJSON());
	});

	it('refuses what its check refuses, at once or once it could integrate; nothing applied', () => {
		const { updates } = aliceWrites();
		const reader = new Y.Doc();
		const { gate, events } = gateOn(reader);
		expect(gate.offer(updates[2], { admit: () => false })).toBe('held');
		expect(gate.offer(updates[1], { admit: () => false })).toBe('held');
		expect(gate.offer(updates[0], { admit: () => false })).toBe('refused');
		expect(reader.getMap('posts').size).toBe(0);
		expect(gate.summary.count).toBe(2);
		// The first write comes admitted: the second is judged and refused; the third still waits
		// for the second's clock (it comes again admitted, by a sync, or is dropped by the caps).
		expect(gate.offer(updates[0])).toBe('applied');
		expect(events.filter((e) => e.type === 'refused')).toHaveLength(1);
		expect(reader.getMap('posts').toJSON()).toEqual({ 'alice:1': { title: 'Perceuse' } });
		expect(gate.summary).toEqual({ count: 1, bytes: updates[2].byteLength });
	});

	it('takes a check that throws for a refusal, and goes on with the rest', () => {
		const { alice, updates } = aliceWrites();
		const reader = new Y.Doc();
		const { gate } = gateOn(reader);
		const error = console.error;
		console.error = () => {};
		try {
			const admit = () => {
				throw new Error('a bug in the check');
			};
			expect(gate.offer(updates[1], { admit })).toBe('held');
			gate.offer(updates[2]);
			expect(gate.offer(updates[0])).toBe('applied');
		} finally {
			console.error = error;
		}
		// Without the refused middle write, the last one still waits for its clock.
		expect(reader.getMap('posts').toJSON()).toEqual({ 'alice:1': { title: 'Perceuse' } });
		expect(gate.summary.count).toBe(1);
		gate.offer(updates[1]);
		expect(reader.getMap('posts').toJSON()).toEqual(alice.getMap('posts').toJSON());
	});
});
