/**
 * One board served by several relay instances on one PostgreSQL database and one Redis: phones on
 * different instances see each other's writes and presence live, a phone on a third instance
 * catches up by state vectors, forgeries and removed members are refused on every instance, and
 * a Redis restart loses nothing acknowledged (the instances read their logs again once it is back).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../../../src/lib/domain/board/board-id';
import { createBoard } from '../../../src/lib/domain/board/commands';
import { removeMember } from '../../../src/lib/domain/trust/moderation';
import { CLOSE_CLIENT_ID_TAKEN, CLOSE_REMOVED } from '../../../src/lib/sync/protocol';
import {
	admittedRaw,
	connectClient,
	destroyAllClients,
	isRefused,
	POSTS,
	randomBoardId,
	randomToken,
	rawClient,
	records,
	refusal,
	syncFrame,
	syncUrl,
	testMember,
	waitFor,
	type SyncClient
} from '../clients';
import { deleteUpdate } from '../forge';
import { cleanUpRelays, type RelayProcess } from '../relay-process';
import { moveTo, startCluster } from './cluster';
import { stopAllRedis } from './redis-server';

async function readiness(relay: RelayProcess): Promise<{ status: number; problems: string[] }> {
	const response = await fetch(`${relay.url}/readyz`);
	const body = (await response.json()) as { problems: string[] };
	return { status: response.status, problems: body.problems };
}

function writeMany(client: SyncClient, prefix: string, count: number): void {
	for (let i = 0; i < count; i++) client.write(`${prefix}${i}`, `${prefix} ${i}`);
}

describe('several relay instances', () => {
	afterEach(() => destroyAllClients());
	afterAll(async () => {
		await cleanUpRelays();
		await stopAllRedis();
	});

	it('converges phones on different instances, live, and catches up a third one late', async () => {
		const { relays } = await startCluster(3);
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relays[0]!, board, token);
		const bob = connectClient(relays[1]!, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');

		// Live: each sees the other's writes without reconnecting.
		writeMany(alice, 'a', 20);
		writeMany(bob, 'b', 20);
		await waitFor(() => alice.isAcked() && bob.isAcked(), 'both acknowledged');
		await waitFor(
			() =>
				Object.keys(records(alice.doc)).length === 40 &&
				Object.keys(records(bob.doc)).length === 40,
			() =>
				`40 records on both (alice ${Object.keys(records(alice.doc)).length}, bob ${Object.keys(records(bob.doc)).length})`
		);
		expect(records(bob.doc)).toEqual(records(alice.doc));
		expect(alice.closes).toEqual([]);
		expect(bob.closes).toEqual([]);

		// Presence crosses instances too.
		alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
		await waitFor(
			() => bob.provider.awareness.getStates().has(alice.doc.clientID),
			"alice's presence on bob's phone"
		);

		// A third phone, on the third instance, which never had the room loaded.
		const carol = connectClient(relays[2]!, board, token);
		await waitFor(() => carol.provider.synced, 'carol synced');
		expect(records(carol.doc)).toEqual(records(alice.doc));
		// Catching up is by state vectors: carol's own write reaches the others, and theirs reach her.
		carol.write('c', 'carol');
		alice.write('a-late', 'late');
		await waitFor(
			() => [alice, bob, carol].every((c) => Object.keys(records(c.doc)).length === 42),
			'42 records everywhere'
		);
		expect(records(carol.doc)).toEqual(records(bob.doc));
		for (const client of [alice, bob, carol]) expect(client.refusals).toEqual([]);
	});

	it("lets a member's phone on one instance edit what their other phone wrote on another", async () => {
		const { relays } = await startCluster(2);
		const board = randomBoardId();
		const token = randomToken();
		const member = testMember();
		// The room is loaded on instance 1 first: the laptop's client id is bound on instance 0 when it
		// connects, after instance 1 read the bindings. Only the rows can tell instance 1 whose it is.
		const phone = connectClient(relays[1]!, board, token, { member });
		await waitFor(() => phone.provider.synced, 'phone synced');
		const laptop = connectClient(relays[0]!, board, token, { member });
		await waitFor(() => laptop.provider.synced, 'laptop synced');
		laptop.write('note', 'écrit sur le portable');
		laptop.write('list', Y.Array.from([1, 2]));
		await waitFor(() => laptop.isAcked(), 'laptop acknowledged');
		const posts = (client: SyncClient) => client.doc.getMap(POSTS);
		await waitFor(() => posts(phone).has(member.key('list')), "the laptop's rows on the phone");

		// The phone deletes one of the laptop's records and adds to the other, through instance 1, in
		// one transaction: two would be two rows, which may reach the laptop one after the other.
		phone.doc.transact(() => {
			posts(phone).delete(member.key('note'));
			(posts(phone).get(member.key('list')) as Y.Array<number>).push([3]);
		});
		await waitFor(() => phone.isAcked(), 'phone acknowledged');
		await waitFor(
			() => !posts(laptop).has(member.key('note')),
			"the phone's deletion reached the laptop"
		);
		expect((posts(laptop).get(member.key('list')) as Y.Array<number>).toArray()).toEqual([1, 2, 3]);
		expect(phone.refusals).toEqual([]);
		expect(laptop.refusals).toEqual([]);
	});

	it('takes from a phone that moved the rows its old instance never announced', async () => {
		const { relays, redis } = await startCluster(2);
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relays[0]!, board, token);
		const bob = connectClient(relays[0]!, board, token);
		const carol = connectClient(relays[1]!, board, token);
		await waitFor(() => [alice, bob, carol].every((c) => c.provider.synced), 'all synced');
		alice.write('before', 'avant');
		await waitFor(() => alice.member.key('before') in records(carol.doc), 'fan-out works');

		// Instance 0 commits alice's row and forwards it to bob, but cannot announce it.
		await redis.crash();
		alice.write('unannounced', 'jamais annoncé');
		await waitFor(() => alice.member.key('unannounced') in records(bob.doc), 'bob has it');
		// Bob moves to instance 1, which lacks the row: bob's sync step 2 carries alice's structs.
		moveTo(bob, relays[1]!);
		bob.write('moved', 'déménagé');
		await waitFor(() => bob.provider.synced && bob.isAcked(), 'bob acknowledged on instance 1');
		// Instance 1 read the log instead of refusing, and carol has the row before Redis is back.
		await waitFor(() => alice.member.key('unannounced') in records(carol.doc), 'carol has it');
		expect(bob.refusals).toEqual([]);
		expect(bob.closes.map((c) => c.code)).not.toContain(4400);
		await redis.start();
	});

	it('refuses forgeries and removed members on every instance', async () => {
		const { relays } = await startCluster(3);
		const admin = testMember();
		const { boardId: board, nonce } = newBoardIdentity(admin.memberId);
		const token = randomToken();
		const adminClient = connectClient(relays[0]!, board, token, { member: admin });
		const victim = connectClient(relays[1]!, board, token);
		const bystander = connectClient(relays[2]!, board, token);
		await waitFor(
			() => [adminClient, victim, bystander].every((c) => c.provider.synced),
			'all synced'
		);
		createBoard(
			adminClient.doc,
			admin.memberId,
			nonce,
			{ name: 'Rue des Lilas', city: 'Lyon', neighbourhood: '', description: '' },
			1
		);
		victim.write('offer', { title: 'Perceuse à prêter' });
		await waitFor(() => adminClient.isAcked() && victim.isAcked(), 'board and offer stored');
		const offerKey = victim.member.key('offer');
		await waitFor(() => offerKey in records(bystander.doc), 'the offer on the third instance');

		// The victim's client id, bound on instance 1, cannot be claimed on instance 2.
		const thief = rawClient(syncUrl(relays[2]!, board, token), {
			member: testMember(),
			clientId: victim.doc.clientID
		});
		expect((await thief.closed).code).toBe(CLOSE_CLIENT_ID_TAKEN);

		// Nor can another member delete the victim's offer through instance 2 or 0.
		const victimClock = Y.getState(victim.doc.store, victim.doc.clientID);
		for (const relay of [relays[2]!, relays[0]!]) {
			const forger = await admittedRaw(relay, board, token, testMember());
			forger.send(syncFrame(deleteUpdate(victim.doc.clientID, 0, victimClock)));
			await waitFor(() => forger.received.some(isRefused), 'the forgery refused');
			const refused = forger.received.find(isRefused)!;
			expect(refusal(refused).reason).not.toBe('');
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		for (const client of [adminClient, victim, bystander]) {
			expect(records(client.doc)[offerKey]).toEqual({ title: 'Perceuse à prêter' });
		}

		// The admin removes the victim on instance 0: the victim's connection on instance 1 closes,
		// and instance 2 refuses them too.
		removeMember(adminClient.doc, board, admin.memberId, victim.member.memberId, 'spam', 2);
		await waitFor(() => victim.closes.length > 0, 'victim disconnected on instance 1');
		expect(victim.closes[0]?.code).toBe(CLOSE_REMOVED);
		const back = rawClient(syncUrl(relays[2]!, board, token), { member: victim.member });
		expect((await back.closed).code).toBe(CLOSE_REMOVED);
		expect(bystander.closes).toEqual([]);
	});

	it('recovers from a Redis restart without losing anything acknowledged', async () => {
		const { relays, redis } = await startCluster(2);
		const board = randomBoardId();
		const token = randomToken();
		const alice = connectClient(relays[0]!, board, token);
		const bob = connectClient(relays[1]!, board, token);
		await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
		writeMany(alice, 'a', 5);
		await waitFor(() => Object.keys(records(bob.doc)).length === 5, 'fan-out works');
		expect((await readiness(relays[0]!)).status).toBe(200);

		await redis.crash();
		// Writes are still acknowledged (committed in PostgreSQL); the instances are not ready.
		writeMany(alice, 'during-a', 10);
		writeMany(bob, 'during-b', 10);
		await waitFor(() => alice.isAcked() && bob.isAcked(), 'acknowledged while Redis is down');
		const down = await readiness(relays[1]!);
		expect(down.status).toBe(503);
		expect(down.problems.join(' ')).toMatch(/redis/);

		await redis.start();
		// Nobody reconnected: the instances read their logs again once Redis was back.
		await waitFor(
			() => [alice, bob].every((c) => Object.keys(records(c.doc)).length === 25),
			() =>
				`25 records on both (alice ${Object.keys(records(alice.doc)).length}, bob ${Object.keys(records(bob.doc)).length})`,
			20_000
		);
		expect(records(alice.doc)).toEqual(records(bob.doc));
		for (let tries = 0; (await readiness(relays[0]!)).status !== 200; tries++) {
			if (tries > 50) throw new Error('not ready again after Redis came back');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		// And live again.
		bob.write('after', 'after');
		await waitFor(() => bob.member.key('after') in records(alice.doc), 'live after the restart');
		expect(alice.closes).toEqual([]);
		expect(bob.closes).toEqual([]);
	});
});
