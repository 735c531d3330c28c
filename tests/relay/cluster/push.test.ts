/**
 * Web Push with several relay instances on one database: every instance signs with the same VAPID
 * key (a phone subscribes through one and is pushed to by any), a subscription made through one
 * instance is followed by the others, and a notice reaches each device once even when two
 * instances derive the board at the same moment.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as engagements from '../../../src/lib/domain/engagement/commands';
import * as help from '../../../src/lib/domain/help/commands';
import { deriveNotices } from '../../../src/lib/domain/notify/derive';
import { noticeInputFromDoc } from '../../../src/lib/domain/notify/input';
import { destroyAllClients } from '../clients';
import { converged, pushBoard, pushesOf, quietPeriod, subscribe } from '../push-helpers';
import { startPushService, type PushService } from '../push-service';
import { cleanUpRelays, type RelayProcess } from '../relay-process';
import { moveTo, startCluster } from './cluster';
import { stopAllRedis } from './redis-server';

const PUSH_ENV = {
	QUARTIER_PUSH_ALLOW_INSECURE_ENDPOINTS: '1',
	QUARTIER_PUSH_DELAY_MS: '50',
	QUARTIER_PUSH_TICK_MS: '100'
};

let service: PushService;

beforeAll(async () => {
	service = await startPushService();
});
afterEach(() => destroyAllClients());
afterAll(async () => {
	await cleanUpRelays();
	await stopAllRedis();
	await service.close();
});

async function vapidKey(relay: RelayProcess): Promise<string> {
	const response = await fetch(`${relay.url}/api/push/key`);
	expect(response.status).toBe(200);
	return ((await response.json()) as { publicKey: string }).publicKey;
}

describe('push across relay instances', () => {
	it('signs with one key, follows subscriptions made elsewhere, and pushes each notice once', async () => {
		const { relays } = await startCluster(2, PUSH_ENV);
		const key = await vapidKey(relays[0]!);
		expect(await vapidKey(relays[1]!)).toBe(key);

		const { board, members } = await pushBoard(relays[0]!, ['Amélie', 'Bruno']);
		const [ana, ben] = [members.Amélie!, members.Bruno!];
		// Bruno's phone is served by the other instance from now on.
		moveTo(ben, relays[1]!);
		const [anaPhone, benPhone] = [service.subscribe(), service.subscribe()];
		// Both subscribe through instance 0: instance 1 never hears of it but from the database.
		await subscribe(relays[0]!, ana, board, anaPhone);
		await subscribe(relays[0]!, ben, board, benPhone);

		const offer = help.createPost(
			ana.doc,
			ana.member.memberId,
			{
				kind: 'offer',
				category: 'diy',
				title: 'Perceuse',
				description: '',
				availability: '',
				area: ''
			},
			Date.now()
		);
		await converged([ana, ben]);
		// Instance 0 is done with the offer's commit: only instance 1 can push what comes next.
		await quietPeriod();
		// Committed by instance 1, which never saw Amélie subscribe.
		const e = engagements.proposeEngagement(
			ben.doc,
			ben.member.memberId,
			offer,
			'Bonjour',
			'',
			Date.now()
		);
		const [asked] = await pushesOf(service, anaPhone);
		expect(asked!.vapidKey).toBe(key);

		// Both write at once, each through their instance: both instances derive the board.
		await converged([ana, ben]);
		for (let i = 0; i < 10; i++) {
			engagements.addComment(ben.doc, ben.member.memberId, e, `message ${i}`, Date.now());
			engagements.addComment(ana.doc, ana.member.memberId, e, `réponse ${i}`, Date.now());
			await new Promise((resolve) => setTimeout(resolve, 30));
		}
		await converged([ana, ben]);
		await quietPeriod();
		await quietPeriod();
		// Exactly one push per notice the board holds for each of them: none lost by the instance
		// that never saw the subscription, none repeated by the second instance deriving.
		const notices = deriveNotices(noticeInputFromDoc(ana.doc, board, Date.now()));
		const expected = (memberId: string) => notices.filter((n) => n.to === memberId).length;
		const toAna = service.pushesTo(anaPhone);
		const toBen = service.pushesTo(benPhone);
		expect(expected(ana.member.memberId)).toBeGreaterThan(1);
		expect(toAna).toHaveLength(expected(ana.member.memberId));
		expect(toBen).toHaveLength(expected(ben.member.memberId));
		for (const push of [...toAna, ...toBen]) expect(push.vapidKey).toBe(key);
		expect(service.violations).toEqual([]);
	});
});
