/**
 * The app's own push client (`src/lib/sync/push-api.ts`, what Réglages uses) against the real
 * relay: it reads the VAPID key, subscribes a board with the bytes and signature the relay
 * checks, and unsubscribes. Only the browser's subscription to a real push service cannot run
 * here (it needs the internet); the stand-in push service takes its place.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import type { DeviceSigner } from '../../src/lib/sync/signed-calls';
import { PushApi } from '../../src/lib/sync/push-api';
import { destroyAllClients, type SyncClient } from './clients';
import { startPushService, type PushService } from './push-service';
import {
	converged,
	pushBoard,
	pushesOf,
	quietPeriod,
	startPushRelay,
	type PushRelay
} from './push-helpers';
import { cleanUpRelays } from './relay-process';

let push: PushRelay;
let service: PushService;

beforeAll(async () => {
	service = await startPushService();
	push = await startPushRelay();
});
afterEach(() => destroyAllClients());
afterAll(async () => {
	await cleanUpRelays();
	await service.close();
});

/** The app's signer shape over a test member's key (the app's key never leaves WebCrypto). */
function signerOf(client: SyncClient): DeviceSigner {
	const { member } = client;
	return {
		memberId: member.memberId,
		deviceKey: member.publicKey,
		encryptionKey: '',
		chain: member.chain,
		sign: async (bytes) => member.sign(bytes)
	};
}

describe('the app’s push client', () => {
	it('subscribes with what the relay checks, is pushed to, and unsubscribes', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
		const [ana, ben] = [members.Amélie!, members.Bruno!];
		const api = new PushApi(relay.url);
		expect(await api.publicKey()).toMatch(/^[A-Za-z0-9_-]{80,}$/);

		const phone = service.subscribe();
		const body = {
			subscription: { endpoint: phone.endpoint, keys: phone.keys },
			locale: 'fr' as const,
			timeZone: 'Europe/Paris',
			quietHours: null,
			reminderLeadMinutes: 180
		};
		await api.subscribe(signerOf(ana), board, body, Date.now());
		// Bruno is not the one subscribing: his signature over Amélie's call does not pass.
		const forged = { ...signerOf(ben), memberId: ana.member.memberId };
		await expect(api.subscribe(forged, board, body, Date.now())).rejects.toThrow();

		const offer = help.createPost(
			ana.doc,
			ana.member.memberId,
			{
				kind: 'offer',
				category: 'diy',
				title: 'Étagère',
				description: '',
				availability: '',
				area: ''
			},
			Date.now()
		);
		await converged([ana, ben]);
		engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
		const [asked] = await pushesOf(service, phone);
		expect(asked!.payload.path).toBe(`/b/${board}/posts/${encodeURIComponent(offer)}`);

		await api.unsubscribe(signerOf(ana), board, phone.endpoint, Date.now());
		await converged([ana, ben]);
		engagements.addComment(
			ben.doc,
			ben.member.memberId,
			[...ben.doc.getMap('engagements').keys()][0]!,
			'Bonjour',
			Date.now()
		);
		await quietPeriod();
		await quietPeriod();
		expect(service.pushesTo(phone)).toHaveLength(1);
	});
});
