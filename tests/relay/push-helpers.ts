/**
 * Helpers of the push tests: a relay with push's test settings (insecure loopback endpoints, a
 * short debounce and tick, a clock file), boards whose members are real synced clients with
 * profiles, signed subscription calls as the app makes them, and the private words no payload
 * may carry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../../src/lib/domain/board/board-id';
import { createBoard } from '../../src/lib/domain/board/commands';
import { PROFILE_RECORD_ID, ROOT, SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import {
	connectClient,
	randomToken,
	rootKeyOf,
	testMember,
	waitFor,
	type SyncClient
} from './clients';
import { adminAuthorization, call, type Answer } from './join-requests-helpers';
import type { PushService, ReceivedPush, TestSubscription } from './push-service';
import { startRelayProcess, tempDir, type RelayProcess } from './relay-process';

export const BOARD_NAME = 'Rue des Lilas';

export interface PushRelay {
	relay: RelayProcess;
	/** Moves push's clock (reminders, quiet hours); null goes back to the system clock. */
	setClock(at: number | null): void;
}

export async function startPushRelay(
	options: { dataDir?: string; env?: Record<string, string> } = {}
): Promise<PushRelay> {
	const clockFile = path.join(tempDir('push-clock'), 'now');
	const relay = await startRelayProcess({
		dataDir: options.dataDir,
		direct: true,
		env: {
			QUARTIER_PUSH_ALLOW_INSECURE_ENDPOINTS: '1',
			QUARTIER_PUSH_DELAY_MS: '50',
			QUARTIER_PUSH_TICK_MS: '100',
			QUARTIER_PUSH_CLOCK_FILE: clockFile,
			...options.env
		}
	});
	return {
		relay,
		setClock: (at) => {
			if (at === null) fs.rmSync(clockFile, { force: true });
			else fs.writeFileSync(clockFile, String(at));
		}
	};
}

export interface PushBoard {
	board: string;
	token: string;
	/** By first name: the first one created the board (its admin). */
	members: Record<string, SyncClient>;
}

/** A board named BOARD_NAME, created by the first of `names`, every one of them with a profile. */
export async function pushBoard(relay: RelayProcess, names: string[]): Promise<PushBoard> {
	const token = randomToken();
	const first = testMember();
	const { boardId: board, nonce } = newBoardIdentity(first.memberId);
	const members: Record<string, SyncClient> = {};
	for (const [i, name] of names.entries()) {
		const client = connectClient(relay, board, token, { member: i === 0 ? first : testMember() });
		await waitFor(() => client.provider.synced, `${name} synced`);
		if (i === 0) {
			const input = { name: BOARD_NAME, city: 'Lyon', neighbourhood: '', description: '' };
			createBoard(client.doc, first.memberId, nonce, input, Date.now());
		}
		publishProfile(client, name);
		members[name] = client;
	}
	await stored(Object.values(members));
	return { board, token, members };
}

/** The member's profile as their app writes it, listing `devices` (linked ones, with removals). */
export function publishProfile(
	client: SyncClient,
	name: string,
	devices: DeviceCertificate[] = []
): void {
	client.doc.getMap(ROOT.members).set(client.member.key(PROFILE_RECORD_ID), {
		schemaVersion: SCHEMA_VERSION,
		name,
		bio: '',
		publicKey: rootKeyOf(client.member),
		joinedAt: 1,
		signature: 'signed',
		signer: client.member.publicKey,
		devices,
		rootRemovedAt: null
	});
}

/** Every client's writes acknowledged, none refused. */
export async function stored(clients: SyncClient[]): Promise<void> {
	for (const client of clients) {
		await waitFor(() => client.isAcked(), 'acknowledged');
		expect(client.refusals).toEqual([]);
	}
}

export interface Settings {
	locale?: 'fr' | 'en';
	timeZone?: string;
	quietHours?: { from: string; to: string } | null;
	reminderLeadMinutes?: number;
}

export const pushPath = (board: string) => `/api/boards/${board}/push`;

/** A signed call to the board's push endpoint, `body` as bytes or JSON. */
export function signedPushCall(
	relay: RelayProcess,
	client: Pick<SyncClient, 'member'>,
	board: string,
	method: 'PUT' | 'DELETE',
	body: unknown
): Promise<Answer> {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
	const path = pushPath(board);
	const authorization = adminAuthorization(client.member, board, method, path, bytes);
	return call(relay, method, path, bytes, { headers: { Authorization: authorization } });
}

export function subscriptionBody(subscription: TestSubscription, settings: Settings = {}) {
	return {
		subscription: { endpoint: subscription.endpoint, keys: subscription.keys },
		locale: settings.locale ?? 'fr',
		timeZone: settings.timeZone ?? 'Europe/Paris',
		quietHours: settings.quietHours ?? null,
		reminderLeadMinutes: settings.reminderLeadMinutes ?? 180
	};
}

/** Subscribes the member's device on the board; expects 204. */
export async function subscribe(
	relay: RelayProcess,
	client: SyncClient,
	board: string,
	subscription: TestSubscription,
	settings: Settings = {}
): Promise<void> {
	const answer = await signedPushCall(
		relay,
		client,
		board,
		'PUT',
		subscriptionBody(subscription, settings)
	);
	expect(answer.status, answer.text).toBe(204);
}

/** Waits for the subscription's `count`-th push and returns them all. */
export async function pushesOf(
	service: PushService,
	subscription: TestSubscription,
	count = 1
): Promise<ReceivedPush[]> {
	await waitFor(
		() => service.pushesTo(subscription).length >= count,
		() => `${count} push(es) to ${subscription.id}, got ${service.pushesTo(subscription).length}`
	);
	expect(service.violations).toEqual([]);
	return service.pushesTo(subscription);
}

/** Time for a derivation and its pushes to have happened, had there been any. */
export const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 600));

/** Nothing of `secrets` (names, titles, messages) in the decrypted bytes; member ids only in the path. */
export function expectNothingPrivate(
	push: ReceivedPush,
	secrets: string[],
	memberIds: string[]
): void {
	const text = push.plain.toString('utf8');
	for (const secret of secrets) expect(text).not.toContain(secret);
	const outsidePath = text.replace(JSON.stringify(push.payload.path), '');
	for (const id of memberIds) {
		expect(outsidePath).not.toContain(id);
		expect(outsidePath).not.toContain(encodeURIComponent(id));
	}
	expect(Object.keys(push.payload).sort()).toEqual(['body', 'path', 'tag', 'title', 'v']);
}

/** Every client acknowledged and holding what every other one wrote. */
export async function converged(clients: SyncClient[]): Promise<void> {
	await stored(clients);
	const vector = (c: SyncClient) =>
		JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(c.doc))].sort());
	await waitFor(() => new Set(clients.map(vector)).size === 1, 'clients converged');
}

/** The relay's /metrics counter `name` with `label`, summed (0 when absent). */
export async function metric(relay: RelayProcess, name: string, label = ''): Promise<number> {
	const text = await (await fetch(`${relay.url}/metrics`)).text();
	return text
		.split('\n')
		.filter((line) => line.startsWith(name) && line.includes(label))
		.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
