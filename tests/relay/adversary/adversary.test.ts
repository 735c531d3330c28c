/**
 * An authenticated member who knows Yjs's struct format attacks the real relay with forged V1
 * updates (generator.ts) while honest members write, go offline and come back. Ground truth is a
 * shadow doc of the honest members' own transactions (oracle.ts); after every batch every replica —
 * the victims', an observer's, a fresh client's, a fresh client after it reconnects with offline
 * edits — and, at checkpoints, all of them after a room unload and after a SIGTERM restart, must
 * match it clock by clock per honest client id, with nothing pending. No honest member may ever be
 * refused. QUARTIER_ADVERSARY=long runs ten times as many batches (or QUARTIER_ADVERSARY_BATCHES=n);
 * QUARTIER_TEST_SEED replays.
 */
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	ackStateVector,
	admittedRaw,
	connectClient,
	destroyAllClients,
	fetchDoc,
	isAck,
	randomBoardId,
	randomToken,
	seededDoc,
	testMember,
	waitFor,
	type RawClient,
	type SyncClient,
	type TestMember
} from '../clients';
import { checkUpdate } from '../../../src/lib/sync/write-scope';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from '../relay-process';
import { FAMILIES, StructForger, type Knowledge } from './generator';
import { honestRound, writeRecordsOfEveryShape } from './honest';
import { Oracle } from './oracle';
import { readVerdict, sendAllFrames } from './verdicts';

const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_203);
const LONG = process.env.QUARTIER_ADVERSARY === 'long';
const BATCHES = Number(process.env.QUARTIER_ADVERSARY_BATCHES ?? (LONG ? 240 : 12));
const PER_BATCH = 150;
/** A room unload and a SIGTERM restart after every so many batches. */
const CHECKPOINT_EVERY = 6;
const IDLE_MS = 300;
const RELAY_ENV = {
	QUARTIER_MAX_REFUSALS: '1000000',
	QUARTIER_RATE_MESSAGES: '1000000',
	QUARTIER_RATE_BYTES: String(2 ** 30),
	QUARTIER_ROOM_IDLE_MS: String(IDLE_MS)
};

interface Tally {
	tried: number;
	refused: number;
	acceptedNoOp: number;
	/** Acked but not applied: they wait only for the sender's own missing clocks. */
	acceptedHeld: number;
	acceptedOwnOnly: number;
	harmful: number;
	byFamily: Map<string, { tried: number; refused: number }>;
	reasons: Map<string, number>;
	replicasIntact: number;
	honestRefusals: string[];
	harm: string[];
}

describe('adversary: structural forgeries through the real relay', () => {
	afterAll(async () => {
		destroyAllClients();
		await cleanUpRelays();
	});

	it(
		`${BATCHES * PER_BATCH} forged updates: none changes an honest member's data on any replica, before or after unload and restart`,
		async () => {
			const gen = prng.create(SEED);
			let relay: RelayProcess = await startRelayProcess({ env: RELAY_ENV, direct: true });
			const board = randomBoardId();
			const token = randomToken();
			const oracle = new Oracle();
			const tally: Tally = {
				tried: 0,
				refused: 0,
				acceptedNoOp: 0,
				acceptedHeld: 0,
				acceptedOwnOnly: 0,
				harmful: 0,
				byFamily: new Map(),
				reasons: new Map(),
				replicasIntact: 0,
				honestRefusals: [],
				harm: []
			};
			const everyClient: SyncClient[] = [];
			const honestUpdates: Uint8Array[] = [];
			const connect = (member: TestMember, doc: Y.Doc) => {
				const client = connectClient(relay, board, token, { member, doc });
				everyClient.push(client);
				return client;
			};
			const victimMembers = [testMember(gen), testMember(gen)];
			const victimDocs = victimMembers.map(() => {
				const doc = seededDoc(gen);
				oracle.follow(doc);
				// Local transactions (origin null): the honest updates whose bytes the attacker mutates.
				doc.on('update', (u: Uint8Array, origin: unknown) => {
					if (origin !== null) return;
					honestUpdates.push(u);
					if (honestUpdates.length > 64) honestUpdates.shift();
				});
				return doc;
			});
			const observerMember = testMember(gen);
			const observerDoc = seededDoc(gen);
			let victims = victimMembers.map((m, i) => connect(m, victimDocs[i]!));
			let observer = connect(observerMember, observerDoc);
			await waitFor(
				() => [...victims, observer].every((c) => c.provider.synced),
				'everyone synced'
			);
			for (const v of victims) writeRecordsOfEveryShape(v);
			await waitFor(() => victims.every((v) => v.isAcked()), 'honest records stored');

			const mallory = testMember(gen);
			const malloryClient = prng.uint32(gen, 1, 2 ** 32 - 1);
			const knowledge: Knowledge = {
				doc: observerDoc,
				victims: [],
				own: [malloryClient],
				ownKey: (id) => mallory.key(id),
				victimKeys: [],
				honestUpdates
			};
			const forger = new StructForger(gen, knowledge);
			const attackerPrefix = `${mallory.memberId}:`;

			const replicasMatch = async (replicas: { name: string; doc: Y.Doc }[], when: string) => {
				const differing = () =>
					replicas.filter((r) => oracle.differences(r.doc, attackerPrefix).length > 0);
				await waitFor(() => differing().length === 0, 'replicas to match', 5_000).catch(() => {});
				for (const r of replicas) {
					const found = oracle.differences(r.doc, attackerPrefix);
					if (found.length === 0) tally.replicasIntact++;
					else tally.harm.push(`${when}, ${r.name}: ${found.slice(0, 5).join('; ')}`);
				}
				return differing().length === 0;
			};
			const freshAndReconnected = async (when: string) => {
				// A newcomer syncs, edits offline, and comes back: its sync step 2 carries whatever it got.
				const newcomer = connect(testMember(gen), seededDoc(gen));
				oracle.follow(newcomer.doc);
				await waitFor(() => newcomer.provider.synced, 'newcomer synced');
				const fresh = { name: 'fresh client', doc: newcomer.doc };
				const intact = await replicasMatch([fresh], when);
				newcomer.provider.disconnect();
				newcomer.write('offline', { title: prng.word(gen, 3, 9) });
				newcomer.provider.connect();
				await waitFor(() => newcomer.isAcked() || newcomer.refusals.length > 0, 'newcomer stored');
				const back = await replicasMatch(
					[{ name: 'fresh client, reconnected', doc: newcomer.doc }],
					when
				);
				newcomer.destroy();
				return intact && back;
			};
			const allReplicas = () => [
				...victims.map((v, i) => ({ name: `victim ${i}`, doc: v.doc })),
				{ name: 'observer', doc: observer.doc }
			];

			let raw: RawClient | null = null;
			try {
				for (let batch = 0; batch < BATCHES; batch++) {
					knowledge.victims = [...oracle.shadow.store.clients.keys()];
					knowledge.victimKeys = Object.keys(observerDoc.getMap('posts').toJSON()).filter(
						(k) => !k.startsWith(attackerPrefix)
					);
					// A new connection each batch: what it held back waiting for its own data goes with it.
					raw?.socket.close();
					raw = await admittedRaw(relay, board, token, mallory, malloryClient);
					await waitFor(() => raw!.received.some(isAck), 'mallory admitted');
					let acked = ackStateVector(raw.received.find(isAck)!);
					const forgeries = Array.from({ length: PER_BATCH }, () => forger.next());
					// The same rule, run here on the attacker's copy, says which acks only hold an update back.
					const held = forgeries.map((f) => {
						const verdict = checkUpdate(observerDoc, f.update, {
							sender: mallory.memberId,
							ownerOf: (c) =>
								c === malloryClient
									? mallory.memberId
									: knowledge.victims.includes(c)
										? 'honest'
										: undefined
						});
						return !verdict.ok && verdict.retryable === true;
					});
					// One at a time: refusals leave at once, acks only after a commit, so a batch's verdicts
					// would not come back in the order of the updates.
					const frames: Uint8Array[] = [];
					for (const f of forgeries) {
						frames.push(
							...(await sendAllFrames(raw, [{ update: f.update, step2: prng.bool(gen) }]))
						);
					}
					let changedInBatch = 0;
					forgeries.forEach((f, i) => {
						const frame = frames[i]!;
						const verdict = readVerdict(frame);
						const family = tally.byFamily.get(f.family) ?? { tried: 0, refused: 0 };
						family.tried++;
						tally.tried++;
						if (verdict !== 'accepted') {
							family.refused++;
							tally.refused++;
							tally.reasons.set(verdict, (tally.reasons.get(verdict) ?? 0) + 1);
						} else {
							const sv = ackStateVector(frame);
							const grew = [...sv].some(([c, clock]) => clock > (acked.get(c) ?? 0));
							if (grew) {
								changedInBatch++;
								tally.acceptedOwnOnly++;
							} else if (held[i]) tally.acceptedHeld++;
							else tally.acceptedNoOp++;
							acked = sv;
						}
						tally.byFamily.set(f.family, family);
					});
					// The victims write next: a forged item waiting on their next clocks would land now.
					for (const v of victims) await honestRound(gen, v);
					const when = `batch ${batch}`;
					const fetched = { name: 'fresh fetch', doc: await fetchDoc(relay, board, token) };
					const intact =
						(await replicasMatch([...allReplicas(), fetched], when)) &&
						(await freshAndReconnected(when));
					if (!intact) tally.harmful += Math.max(1, changedInBatch);

					if ((batch + 1) % CHECKPOINT_EVERY === 0) {
						// Everyone leaves: the room is compacted and unloaded; then the relay restarts.
						raw.socket.close();
						raw = null;
						for (const c of [...victims, observer]) c.destroy();
						await waitForUnload(relay);
						const unloaded = {
							name: 'fresh fetch after unload',
							doc: await fetchDoc(relay, board, token)
						};
						await replicasMatch([unloaded], `${when}, unloaded`);
						expect(await relay.stop('SIGTERM')).toBe(0);
						relay = await startRelayProcess({
							env: RELAY_ENV,
							direct: true,
							dataDir: relay.dataDir
						});
						const restarted = `${when}, restarted`;
						await expectAckedClocks(relay, board, token, oracle, tally, restarted);
						await replicasMatch(
							[{ name: 'fresh fetch after restart', doc: await fetchDoc(relay, board, token) }],
							restarted
						);
						// A new app session for the first victim: a new client id over the same content.
						victimDocs[0]!.clientID = prng.uint32(gen, 1, 2 ** 32 - 1);
						victims = victimMembers.map((m, i) => connect(m, victimDocs[i]!));
						observer = connect(observerMember, observerDoc);
						await waitFor(
							() => [...victims, observer].every((c) => c.provider.synced && c.isAcked()),
							'everyone back'
						).catch(() => tally.harm.push(`${restarted}: honest members not all stored again`));
						await replicasMatch(allReplicas(), restarted);
						await freshAndReconnected(restarted);
					}
				}
				for (const c of everyClient)
					for (const r of c.refusals) tally.honestRefusals.push(`${r.reason}: ${r.detail}`);
				report(tally);
				expect(tally.harm).toEqual([]);
				expect(tally.harmful).toBe(0);
				expect(tally.honestRefusals).toEqual([]);
				for (const family of FAMILIES)
					expect(tally.byFamily.get(family)?.tried ?? 0, family).toBeGreaterThan(0);
			} catch (error) {
				report(tally);
				console.error(
					`adversary failed with QUARTIER_TEST_SEED=${SEED}:\n${tally.harm.slice(0, 10).join('\n')}`
				);
				throw error;
			}
		},
		(LONG ? 3_000 : 240) * 1000
	);
});

async function waitForUnload(relay: RelayProcess): Promise<void> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const health = (await (await fetch(`${relay.url}/healthz`)).json()) as { rooms: number };
		if (health.rooms === 0) return;
		if (Date.now() > deadline) throw new Error('the room was never unloaded');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** The restarted relay's acknowledged state holds exactly every honest clock. */
async function expectAckedClocks(
	relay: RelayProcess,
	board: string,
	token: string,
	oracle: Oracle,
	tally: Tally,
	when: string
): Promise<void> {
	const probe = await admittedRaw(relay, board, token, testMember());
	await waitFor(() => probe.received.some(isAck), 'the first ack');
	const acked = ackStateVector(probe.received.find(isAck)!);
	for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(oracle.shadow))) {
		if ((acked.get(client) ?? 0) !== clock) {
			tally.harm.push(
				`${when}: acked ${acked.get(client) ?? 0} clocks of ${client}, expected ${clock}`
			);
		}
	}
	probe.socket.close();
}

function report(t: Tally): void {
	const families = [...t.byFamily].map(([f, n]) => `${f} ${n.refused}/${n.tried}`).join(', ');
	const reasons = [...t.reasons].map(([r, n]) => `${r} ${n}`).join(', ');
	console.log(
		`adversary (seed ${SEED}): ${t.tried} forgeries, ${t.refused} refused, ${t.acceptedNoOp} accepted as no-op, ` +
			`${t.acceptedHeld} acked but held back unapplied, ` +
			`${t.acceptedOwnOnly} accepted changing only the sender's data, ${t.harmful} harmful; ` +
			`${t.replicasIntact} honest replicas intact; ${t.honestRefusals.length} refusals of honest members. ` +
			`Refused by family: ${families}. Reasons: ${reasons}`
	);
}
