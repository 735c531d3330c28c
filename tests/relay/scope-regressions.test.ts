/**
 * The three classes of forgery an independent check found against the real relay (an attacker who
 * knows Yjs's struct format, speaking raw V1), one test each. Every one of them changed another
 * member's data before write scopes required an update to integrate completely.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	ackStateVector,
	admittedRaw,
	canonicalRecords,
	connectClient,
	destroyAllClients,
	fetchDoc,
	isAck,
	randomBoardId,
	randomToken,
	records,
	seededDoc,
	testMember,
	waitFor,
	type SyncClient
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';
import { encodeUpdate } from './adversary/v1';
import { sendAll } from './adversary/verdicts';

const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_201);

describe('write scopes: regressions of the independent check', () => {
	let relay: RelayProcess;
	let gen: prng.PRNG;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	/** Alice with a plain record, a nested text and a nested map, all acknowledged. */
	async function victimBoard(board: string, token: string): Promise<SyncClient> {
		gen = prng.create(SEED);
		const alice = connectClient(relay, board, token, {
			member: testMember(gen),
			doc: seededDoc(gen)
		});
		await waitFor(() => alice.provider.synced, 'alice synced');
		alice.write('plain', { title: 'Perceuse à prêter' });
		const text = new Y.Text();
		alice.write('text', text);
		text.insert(0, 'bonjour');
		const map = new Y.Map<unknown>();
		alice.write('map', map);
		map.set('seats', 2);
		await waitFor(() => alice.isAcked(), 'alice stored');
		return alice;
	}

	it('class 1: a Skip on the victim’s next clock does not let an item wait there and replace her next record or land in her text', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = await victimBoard(board, token);
		const observer = connectClient(relay, board, token);
		await waitFor(() => observer.provider.synced, 'observer synced');
		const mallory = testMember(gen);
		const raw = await admittedRaw(relay, board, token, mallory);
		const a = alice.doc.clientID;
		const next = Y.getState(alice.doc.store, a);
		const fresh = () => prng.uint32(gen, 1, 2 ** 32 - 1);
		const forged = [next, next + 1].map((clock) =>
			encodeUpdate([
				{
					client: fresh(),
					clock: 0,
					structs: [
						{
							kind: 'item',
							origin: { client: a, clock },
							content: { type: 'any', values: ['volé'] }
						}
					]
				},
				{ client: a, clock, structs: [{ kind: 'skip', len: 1 }] }
			])
		);
		const answers = await sendAll(
			raw,
			forged.map((update) => ({ update }))
		);

		// Alice's next two writes: a new record (clock `next`), then text inside a nested record.
		alice.write('fresh', { title: 'Soupe partagée' });
		(alice.doc.getMap('posts').get(alice.member.key('text')) as Y.Text).insert(0, 'abc');
		await waitFor(() => alice.isAcked(), 'alice’s new writes stored');
		const expected = canonicalRecords(alice.doc);
		await waitFor(
			() => canonicalRecords(observer.doc) === expected,
			() => `the observer to hold alice’s data:\n${expected}\n${canonicalRecords(observer.doc)}`
		);
		const late = await fetchDoc(relay, board, token);
		expect(canonicalRecords(late)).toBe(expected);
		expect(
			answers.every((v) => v !== 'accepted'),
			`verdicts ${answers.join(', ')}`
		).toBe(true);
	});

	it('class 2: structs over the victim’s stored range that wait on a never-coming clock do not erase her on fresh clients or after a restart', async () => {
		const board = randomBoardId();
		const token = randomToken();
		const alice = await victimBoard(board, token);
		const mallory = testMember(gen);
		const raw = await admittedRaw(relay, board, token, mallory);
		const a = alice.doc.clientID;
		const stored = Y.getState(alice.doc.store, a);
		// Above hers: Yjs's merge of pending data into full states then prefers the forged copy.
		const f = prng.uint32(gen, a + 1, 2 ** 32 - 1);
		const forged = encodeUpdate([
			// On his own fresh client, at clock 1: waits for a clock 0 that never comes.
			{
				client: f,
				clock: 1,
				structs: [
					{ kind: 'item', parentSub: mallory.key('x'), content: { type: 'any', values: [1] } }
				]
			},
			// Alice's whole stored range again, as deleted content, waiting on it.
			{
				client: a,
				clock: 0,
				structs: [
					{
						kind: 'item',
						origin: { client: f, clock: 1 },
						content: { type: 'deleted', len: stored }
					}
				]
			}
		]);
		await sendAll(raw, [{ update: forged }, { update: forged, step2: true }]);
		const expected = canonicalRecords(alice.doc);
		expect(canonicalRecords(await fetchDoc(relay, board, token))).toBe(expected);
		alice.destroy();
		raw.socket.close();

		expect(await relay.stop('SIGTERM')).toBe(0);
		relay = await startRelayProcess({ dataDir: relay.dataDir });
		expect(canonicalRecords(await fetchDoc(relay, board, token))).toBe(expected);
		const probe = await admittedRaw(relay, board, token, testMember());
		await waitFor(() => probe.received.some(isAck), 'the restarted relay’s first ack');
		const acked = ackStateVector(probe.received.find(isAck)!);
		expect(acked.get(a) ?? 0, 'alice’s acknowledged clocks after the restart').toBe(stored);
	});

	it('class 3: nothing pending reaches a newcomer, whose offline edits are then never refused', async () => {
		const board = randomBoardId();
		const token = randomToken();
		await victimBoard(board, token);
		const mallory = testMember(gen);
		const m = prng.uint32(gen, 1, 2 ** 32 - 1);
		const raw = await admittedRaw(relay, board, token, mallory, m);
		const shifted = prng.uint32(gen, 1, 2 ** 32 - 1);
		const waiting = prng.uint32(gen, 1, 2 ** 32 - 1);
		const any = (v: number) => ({ type: 'any' as const, values: [v] });
		await sendAll(raw, [
			// A clock shift: his fresh client starts at 3.
			{
				update: encodeUpdate([
					{
						client: shifted,
						clock: 3,
						structs: [{ kind: 'item', parentSub: mallory.key('a'), content: any(1) }]
					}
				])
			},
			// An item waiting on his own far future.
			{
				update: encodeUpdate([
					{
						client: waiting,
						clock: 0,
						structs: [{ kind: 'item', origin: { client: m, clock: 100 }, content: any(2) }]
					}
				])
			},
			// A deletion of his own future clocks.
			{ update: encodeUpdate([], [{ client: m, clock: 50, len: 5 }]) }
		]);

		const dana = connectClient(relay, board, token, {
			member: testMember(gen),
			doc: seededDoc(gen)
		});
		await waitFor(() => dana.provider.synced, 'dana synced');
		const store = dana.doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
		expect({ structs: store.pendingStructs, ds: store.pendingDs }).toEqual({
			structs: null,
			ds: null
		});
		dana.provider.disconnect();
		dana.write('offline', { title: 'Cours de couture' });
		dana.provider.connect();
		await waitFor(() => dana.isAcked() || dana.refusals.length > 0, 'dana’s offline edit answered');
		expect(dana.refusals).toEqual([]);
		expect(records(await fetchDoc(relay, board, token))[dana.member.key('offline')]).toEqual({
			title: 'Cours de couture'
		});
	});
});
