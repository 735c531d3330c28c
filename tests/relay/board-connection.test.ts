/**
 * The app's own sync layer (BoardConnection) against the real relay process: acknowledgements
 * drive the "changes only on this device" count, pause/resume, restarts and refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as help from '../../src/lib/domain/help/commands';
import { readPosts } from '../../src/lib/domain/help/read';
import { BoardConnection, type LinkState } from '../../src/lib/sync/board-connection';
import { randomBoardId, randomToken, testMember, waitFor, type TestMember } from './clients';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const LOCAL = Symbol('local');
const post = {
	kind: 'offer',
	category: 'diy',
	title: '',
	description: '',
	availability: '',
	area: ''
} as const;
const open: BoardConnection[] = [];

/**
 * A phone: a member, a doc, its connection, and the pending bookkeeping the app keeps in Dexie.
 */
function phone(
	relay: RelayProcess,
	boardId: string,
	token: string,
	member: TestMember = testMember()
) {
	const doc = new Y.Doc();
	const pending = new Map<string, { clientId: number; clock: number }>();
	const states: LinkState[] = [];
	const refusals: string[] = [];
	const connection = new BoardConnection(
		doc,
		{
			relayUrl: relay.url,
			boardId,
			token,
			prove: (payload) =>
				Promise.resolve({
					memberId: member.memberId,
					publicKey: member.publicKey,
					signature: member.sign(payload),
					chain: []
				}),
			ignoredOrigins: [],
			WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket
		},
		{
			onLocalChange: (clientId, clock) => pending.set(`${clientId}:${clock}`, { clientId, clock }),
			onAck: (stored) => {
				for (const [key, p] of pending)
					if ((stored.get(p.clientId) ?? 0) >= p.clock) pending.delete(key);
			},
			onState: (state) => states.push(state),
			onRefused: (reason, detail) => refusals.push(`${reason}: ${detail}`)
		}
	);
	open.push(connection);
	connection.start();
	return { member, doc, pending, states, refusals, connection };
}

afterEach(async () => {
	for (const c of open.splice(0)) c.destroy();
	await cleanUpRelays();
});

describe('BoardConnection with the real relay', () => {
	it('counts local changes until the relay acknowledges them, and delivers them', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const token = randomToken();
		const a = phone(relay, board, token);
		const b = phone(relay, board, token);
		await waitFor(() => a.connection.linkState === 'connected', 'a connected');

		a.connection.pause();
		const author = a.member.memberId;
		help.createPost(a.doc, author, { ...post, title: 'Une' }, 1, LOCAL);
		help.createPost(a.doc, author, { ...post, title: 'Deux' }, 2, LOCAL);
		expect(a.pending.size).toBe(2);
		await new Promise((r) => setTimeout(r, 300));
		expect(a.pending.size).toBe(2); // paused: nothing left the device
		expect(readPosts(b.doc)).toHaveLength(0);

		a.connection.resume();
		await waitFor(() => a.pending.size === 0, 'acks');
		await waitFor(() => readPosts(b.doc).length === 2, 'b received');
		expect(a.states).toContain('offline');
		expect(a.states.at(-1)).toBe('connected');
		expect(a.refusals).toEqual([]);
	});

	it('reconnects by itself after a relay restart and sends what was written meanwhile', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const token = randomToken();
		const a = phone(relay, board, token);
		await waitFor(() => a.connection.linkState === 'connected', 'connected');
		await relay.stop('SIGTERM');
		await waitFor(() => a.connection.linkState !== 'connected', 'noticed the restart');
		help.createPost(a.doc, a.member.memberId, { ...post, title: 'Pendant la panne' }, 1, LOCAL);
		expect(a.pending.size).toBe(1);

		const again = await startRelayProcess({
			dataDir: relay.dataDir,
			env: { PORT: String(relay.port) }
		});
		expect(again.port).toBe(relay.port);
		await waitFor(() => a.pending.size === 0, 'acked after restart', 40_000);
		const b = phone(again, board, token);
		await waitFor(() => readPosts(b.doc).length === 1, 'stored durably');
	}, 60_000);

	it('stops for good when the relay refuses the token', async () => {
		const relay = await startRelayProcess();
		const board = randomBoardId();
		const owner = phone(relay, board, randomToken());
		await waitFor(() => owner.connection.linkState === 'connected', 'owner registered the room');
		const intruder = phone(relay, board, randomToken());
		await waitFor(() => intruder.connection.linkState === 'refused', 'refused');
		intruder.connection.resume(); // an `online` event must not retry a refused token
		await new Promise((r) => setTimeout(r, 500));
		expect(intruder.connection.linkState).toBe('refused');
		expect(intruder.states.filter((s) => s === 'connecting').length).toBe(1);
	});
});
