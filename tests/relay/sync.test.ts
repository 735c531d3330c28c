import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS } from '../../src/lib/sync/protocol';
import {
	ackStateVector,
	admittedRaw,
	connectClient,
	covers,
	destroyAllClients,
	isAck,
	isRefused,
	POSTS,
	randomBoardId,
	randomToken,
	records,
	refusal,
	syncFrame,
	testMember,
	waitFor
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

describe('sync through the relay', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('syncs records both ways between two y-websocket clients and acks what it stored', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relay, board, token);
		const bob = connectClient(relay, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
		// Sent right after admission: the client learns what is stored before it sends anything.
		expect(alice.acks.length).toBeGreaterThanOrEqual(1);
		expect(alice.challenges).toBe(1);

		alice.write('a', 'from alice');
		const aliceKey = alice.member.key('a');
		await waitFor(() => records(bob.doc)[aliceKey] === 'from alice', 'alice → bob');
		await waitFor(() => alice.isAcked(), 'ack covering alice’s update');

		bob.write('b', 'from bob');
		const bobKey = bob.member.key('b');
		await waitFor(() => records(alice.doc)[bobKey] === 'from bob', 'bob → alice');
		await waitFor(() => bob.isAcked(), 'ack covering bob’s update');

		const lastAck = alice.acks.at(-1);
		expect(lastAck?.get(alice.doc.clientID)).toBe(Y.getState(alice.doc.store, alice.doc.clientID));
		expect(records(alice.doc)).toEqual(records(bob.doc));
		expect(alice.refusals).toEqual([]);
		expect(bob.refusals).toEqual([]);
	});

	it('acks every update in order, including one that changes nothing', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const member = testMember();
		const doc = new Y.Doc();
		const raw = await admittedRaw(relay, board, token, member, doc.clientID);
		await waitFor(() => raw.received.some(isAck), 'admission ack');

		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 20; i++) doc.getMap(POSTS).set(member.key(`k${i}`), i);
		const before = raw.received.filter(isAck).length;
		for (const update of updates) raw.send(syncFrame(update));
		// An empty update: already contained, still acknowledged.
		raw.send(syncFrame(Y.encodeStateAsUpdate(new Y.Doc())));
		await waitFor(() => raw.received.filter(isAck).length === before + 21, '21 acks');

		const last = raw.received.filter(isAck).at(-1);
		expect(last).toBeDefined();
		const sv = ackStateVector(last ?? new Uint8Array());
		expect(covers(sv, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(true);
		expect(raw.received.some(isRefused)).toBe(false);
		expect(raw.socket.readyState).toBe(raw.socket.OPEN);
	});

	it('forwards awareness between clients, who echo each other’s presence without being refused', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relay, board, token);
		const bob = connectClient(relay, board, token);
		const carol = connectClient(relay, board, token);
		await waitFor(
			() => alice.provider.synced && bob.provider.synced && carol.provider.synced,
			'all synced'
		);
		// y-websocket re-sends every awareness change it applies, other people's included.
		for (let i = 0; i < 25; i++) {
			alice.provider.awareness.setLocalStateField('name', `Alice ${i}`);
			await waitFor(
				() => bob.provider.awareness.getStates().get(alice.doc.clientID)?.name === `Alice ${i}`,
				'alice’s awareness at bob'
			);
		}
		carol.destroy(); // her presence is removed, and the removal echoed
		await waitFor(
			() => !alice.provider.awareness.getStates().has(carol.doc.clientID),
			'carol gone at alice'
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
		for (const client of [alice, bob]) {
			expect(client.refusals).toEqual([]);
			expect(client.closes).toEqual([]);
		}

		// Setting someone else's presence is another matter.
		const mallory = await admittedRaw(relay, board, token, testMember());
		const forged = new awarenessProtocol.Awareness(new Y.Doc());
		forged.clientID = alice.doc.clientID;
		// Each call bumps the clock: well above Alice's, so the relay would take it.
		for (let i = 0; i < 50; i++) forged.setLocalState({ name: 'Mallory as Alice' });
		mallory.send(
			awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(forged, [forged.clientID]))
		);
		await waitFor(() => mallory.received.some(isRefused), 'refusal');
		expect(refusal(mallory.received.find(isRefused) ?? new Uint8Array()).reason).toBe('awareness');
		expect(bob.provider.awareness.getStates().get(alice.doc.clientID)?.name).toBe('Alice 24');
	});
});

function awarenessFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
