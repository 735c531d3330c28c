import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_ACK, MESSAGE_SYNC, readAckBody } from '../../src/lib/sync/protocol';
import {
	connectClient,
	covers,
	destroyAllClients,
	randomBoardId,
	randomToken,
	rawClient,
	syncUrl,
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

	it('syncs a Y.Map both ways between two y-websocket clients and acks what it stored', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relay, board, token);
		const bob = connectClient(relay, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
		// Sent right after admission: the client learns what is stored before it sends anything.
		expect(alice.acks.length).toBeGreaterThanOrEqual(1);

		alice.doc.getMap('posts').set('a', 'from alice');
		await waitFor(() => bob.doc.getMap('posts').get('a') === 'from alice', 'alice → bob');
		await waitFor(() => alice.isAcked(), 'ack covering alice’s update');

		bob.doc.getMap('posts').set('b', 'from bob');
		await waitFor(() => alice.doc.getMap('posts').get('b') === 'from bob', 'bob → alice');
		await waitFor(() => bob.isAcked(), 'ack covering bob’s update');

		const lastAck = alice.acks.at(-1);
		expect(lastAck?.get(alice.doc.clientID)).toBe(Y.getState(alice.doc.store, alice.doc.clientID));
		expect(alice.doc.getMap('posts').toJSON()).toEqual(bob.doc.getMap('posts').toJSON());
	});

	it('acks every update in order, including one that changes nothing', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const raw = rawClient(syncUrl(relay, board, token));
		await raw.opened;
		await waitFor(() => raw.received.some(isAck), 'admission ack');

		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i}`, i);
		const before = raw.received.filter(isAck).length;
		for (const update of updates) raw.socket.send(syncUpdateFrame(update));
		// An empty update: already contained, still acknowledged.
		raw.socket.send(syncUpdateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
		await waitFor(() => raw.received.filter(isAck).length === before + 21, '21 acks');

		const last = raw.received.filter(isAck).at(-1);
		expect(last).toBeDefined();
		const sv = Y.decodeStateVector(ackBody(last ?? new Uint8Array()));
		expect(covers(sv, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(true);
		expect(raw.socket.readyState).toBe(raw.socket.OPEN);
	});

	it('forwards awareness between clients', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relay, board, token);
		const bob = connectClient(relay, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
		alice.provider.awareness.setLocalStateField('name', 'Alice');
		await waitFor(
			() => bob.provider.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice',
			'alice’s awareness at bob'
		);
	});
});

function syncUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, 2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

// MESSAGE_ACK (100) fits in one varuint byte.
const isAck = (frame: Uint8Array): boolean => frame[0] === MESSAGE_ACK;

function ackBody(frame: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	return readAckBody(decoder);
}
