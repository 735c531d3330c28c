/**
 * The relay's limits at their defaults (config.ts): repeated offenders are disconnected, message
 * and byte rates per connection, presence size, new connections per address (keyed on the
 * socket, not on headers). Honest members in the same board are unaffected throughout.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
	CLOSE_RATE_LIMITED,
	CLOSE_TOO_MANY_REFUSALS,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS
} from '../../src/lib/sync/protocol';
import {
	admittedRaw,
	connectClient,
	destroyAllClients,
	isRefused,
	POSTS,
	randomBoardId,
	randomToken,
	records,
	refusal,
	syncFrame,
	syncUrl,
	testMember,
	waitFor,
	type SyncClient
} from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

/** Defaults from config.ts. */
const MAX_REFUSALS = 20;
const MESSAGES_BURST = 200;
const MAX_AWARENESS_BYTES = 4096;
const CONNECTIONS_BURST = 80;

describe('limits at their defaults', () => {
	let relay: RelayProcess;
	let board: string;
	let token: string;
	let alice: SyncClient;
	let bob: SyncClient;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	async function honestPair(): Promise<void> {
		board = randomBoardId();
		token = randomToken();
		alice = connectClient(relay, board, token);
		bob = connectClient(relay, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'honest members synced');
	}

	/** Alice can still write and Bob still receives: the offender cost nobody else anything. */
	async function expectHonestUnaffected(tag: string): Promise<void> {
		alice.write(tag, { ok: true });
		await waitFor(() => records(bob.doc)[alice.member.key(tag)] !== undefined, 'alice → bob');
		await waitFor(() => alice.isAcked(), 'acked');
		for (const c of [alice, bob]) {
			expect(c.closes).toEqual([]);
			expect(c.refusals).toEqual([]);
		}
	}

	it(`tells an offender why ${MAX_REFUSALS} times, then closes it (4429)`, async () => {
		await honestPair();
		const mallory = await admittedRaw(relay, board, token, testMember());
		for (let i = 0; i <= MAX_REFUSALS + 5; i++) {
			const doc = new Y.Doc();
			doc.getMap(POSTS).set(alice.member.key(`stolen-${i}`), i);
			mallory.send(syncFrame(Y.encodeStateAsUpdate(doc)));
		}
		expect((await mallory.closed).code).toBe(CLOSE_TOO_MANY_REFUSALS);
		const refusals = mallory.received.filter(isRefused).map((f) => refusal(f).reason);
		expect(refusals).toEqual(Array(MAX_REFUSALS + 1).fill('foreign-key'));
		await expectHonestUnaffected('after-offender');
		expect(Object.keys(records(bob.doc)).some((k) => k.includes('stolen'))).toBe(false);
	});

	it('closes a connection that sends more messages than its burst allows (4029)', async () => {
		await honestPair();
		const flood = await admittedRaw(relay, board, token, testMember());
		for (let i = 0; i < MESSAGES_BURST + 100; i++)
			flood.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
		expect((await flood.closed).code).toBe(CLOSE_RATE_LIMITED);
		const answers = flood.received.filter((f) => f[0] === MESSAGE_AWARENESS).length;
		// The burst, plus the greeting and what refilled meanwhile (100/s): far from all 300.
		expect(answers).toBeLessThanOrEqual(MESSAGES_BURST + 20);
		await expectHonestUnaffected('after-flood');
	});

	it('closes a connection that sends more bytes than its burst allows (4029)', async () => {
		await honestPair();
		const heavy = await admittedRaw(relay, board, token, testMember());
		// Five frames just under the 1 MiB frame cap, of a type the relay ignores: 5 MB > 4 MiB burst.
		const big = new Uint8Array(1_000_000);
		big[0] = 77;
		for (let i = 0; i < 5; i++) heavy.send(big);
		expect((await heavy.closed).code).toBe(CLOSE_RATE_LIMITED);
		await expectHonestUnaffected('after-heavy');
	});

	it(`refuses a presence state above ${MAX_AWARENESS_BYTES} bytes, and forwards a small one`, async () => {
		await honestPair();
		const clientId = 4242;
		const member = testMember();
		const raw = await admittedRaw(relay, board, token, member, clientId);
		raw.send(awarenessFrame(clientId, 1, { name: 'x'.repeat(MAX_AWARENESS_BYTES) }));
		await waitFor(() => raw.received.some(isRefused), 'refusal');
		expect(refusal(raw.received.find(isRefused) ?? new Uint8Array())).toMatchObject({
			reason: 'awareness',
			detail: expect.stringMatching(/bytes/) as unknown
		});
		raw.send(awarenessFrame(clientId, 2, { name: 'Mallory' }));
		await waitFor(
			() => alice.provider.awareness.getStates().get(clientId)?.name === 'Mallory',
			'small presence forwarded'
		);
		expect(alice.provider.awareness.getStates().get(clientId)?.name).toBe('Mallory');
		await expectHonestUnaffected('after-presence');
	});

	// Last: it spends this address's connection budget, which the tests above need.
	it(`answers 429 beyond a burst of ${CONNECTIONS_BURST} new connections from one address, whatever the headers say`, async () => {
		const board = randomBoardId();
		const token = randomToken();
		const statuses = await Promise.all(
			Array.from({ length: CONNECTIONS_BURST + 40 }, (_, i) =>
				upgradeStatus(syncUrl(relay, board, token), { 'X-Forwarded-For': `10.0.0.${i}` })
			)
		);
		const refused = statuses.filter((s) => s === 429).length;
		const accepted = statuses.filter((s) => s === 101).length;
		// The tests above already took some of the burst; a second or so of refill (20/s) came back.
		expect(accepted).toBeGreaterThan(CONNECTIONS_BURST / 2);
		expect(accepted).toBeLessThanOrEqual(CONNECTIONS_BURST + 10);
		expect(refused + accepted).toBe(statuses.length);
	});
});

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, JSON.stringify(state));
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
	return encoding.toUint8Array(frame);
}

/** 101 when the websocket upgrade was accepted, else the HTTP status. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve) => {
		const socket = new WebSocket(url, { headers });
		socket.on('error', () => {});
		socket.once('upgrade', () => {
			resolve(101);
			socket.terminate();
		});
		socket.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			socket.terminate();
		});
	});
}
