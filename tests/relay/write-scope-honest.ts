/**
 * Honest members for the write-scope tests: two members with records of every shape on
 * y-websocket clients, and a model doc that learns only what they write, never what the relay
 * sends, to compare every replica and the relay's storage against.
 */
import * as prng from 'lib0/prng';
import { expect } from 'vitest';
import * as Y from 'yjs';
import {
	canonicalRecords,
	connectClient,
	isVerdict,
	POSTS,
	seededDoc,
	testMember,
	waitFor,
	type RawClient,
	type SyncClient
} from './clients';
import type { RelayProcess } from './relay-process';

/**
 * Two members with records of every shape (plain, nested array, text and map, one deleted), on
 * y-websocket clients; `model` gets only what they write, never what the relay sends.
 */
export async function honestBoard(
	relay: RelayProcess,
	board: string,
	token: string,
	gen: prng.PRNG
): Promise<{ alice: SyncClient; bob: SyncClient; model: Y.Doc }> {
	const model = new Y.Doc();
	const alice = connectClient(relay, board, token, {
		member: testMember(gen),
		doc: seededDoc(gen)
	});
	const bob = connectClient(relay, board, token, { member: testMember(gen), doc: seededDoc(gen) });
	follow(alice, model);
	follow(bob, model);
	await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
	for (const client of [alice, bob]) {
		client.write('plain', { title: 'Perceuse à prêter' });
		const list = new Y.Array<number>();
		client.write('list', list);
		list.push([1, 2, 3]);
		const text = new Y.Text();
		client.write('text', text);
		text.insert(0, 'bonjour');
		const map = new Y.Map<unknown>();
		client.write('map', map);
		map.set('seats', 2);
		client.write('gone', 'soon deleted');
		client.doc.getMap(POSTS).delete(client.member.key('gone'));
	}
	await waitFor(() => alice.isAcked() && bob.isAcked(), 'honest records stored');
	await expectReplicasMatch([alice, bob], model);
	return { alice, bob, model };
}

/** The model learns each local transaction of the client, nothing the relay forwards. */
export function follow(client: SyncClient, model: Y.Doc): void {
	Y.applyUpdate(model, Y.encodeStateAsUpdate(client.doc));
	client.doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== client.provider) Y.applyUpdate(model, update);
	});
}

/** One of them writes, edits or deletes one of their records; everybody catches up. */
export async function honestRound(
	gen: prng.PRNG,
	clients: SyncClient[],
	model: Y.Doc
): Promise<void> {
	const client = prng.oneOf(gen, clients);
	const id = `r${prng.int32(gen, 0, 5)}`;
	if (prng.bool(gen)) client.write(id, { v: prng.int32(gen, 0, 1000) });
	else client.doc.getMap(POSTS).delete(client.member.key(id));
	await waitFor(() => client.isAcked(), 'honest write stored');
	await expectReplicasMatch(clients, model);
}

export async function expectReplicasMatch(clients: SyncClient[], model: Y.Doc): Promise<void> {
	const expected = canonicalRecords(model);
	const expectedVector = vectorKey(model);
	// Both the records and the state vectors: a record written then deleted leaves the records
	// equal before its structs reach the other replica, so records alone can pass too early.
	await waitFor(
		() =>
			clients.every(
				(c) => canonicalRecords(c.doc) === expected && vectorKey(c.doc) === expectedVector
			),
		() =>
			`replicas to match the model:\n${expected} ${expectedVector}\n${clients.map((c) => `${canonicalRecords(c.doc)} ${vectorKey(c.doc)}`).join('\n')}`
	);
	for (const c of clients) expect(stateVector(c.doc)).toEqual(stateVector(model));
}

/** The state vector as a string that does not depend on the order clients were seen in. */
function vectorKey(doc: Y.Doc): string {
	return JSON.stringify([...stateVector(doc)].sort(([a], [b]) => a - b));
}

export function stateVector(doc: Y.Doc): Map<number, number> {
	return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Acks and refusals, in the order the relay sent them. */
export function verdicts(raw: RawClient): Uint8Array[] {
	return raw.received.filter(isVerdict);
}
