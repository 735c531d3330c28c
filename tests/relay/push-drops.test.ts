/**
 * Whom the relay stops pushing to: a subscription its push service says is gone (404, 410) is
 * dropped after that one attempt; a member an admin removed and a device its member took back
 * get nothing more, and their subscriptions are dropped.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import { removeMember } from '../../src/lib/domain/trust/moderation';
import { certificateOf, destroyAllClients, linkDevice, waitFor, type SyncClient } from './clients';
import { startPushService, type PushService } from './push-service';
import {
	converged,
	metric,
	publishProfile,
	pushBoard,
	pushesOf,
	quietPeriod,
	signedPushCall,
	startPushRelay,
	subscribe,
	subscriptionBody,
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

const offerBy = (client: SyncClient) =>
	help.createPost(
		client.doc,
		client.member.memberId,
		{ kind: 'offer', category: 'diy', title: 'Vélo', description: '', availability: '', area: '' },
		Date.now()
	);

it('a push service answering 404 or 410 drops the subscription: no second attempt', async () => {
	const { relay } = push;
	const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
	const [ana, ben] = [members.Amélie!, members.Bruno!];
	const [gone, missing, live] = [service.subscribe(), service.subscribe(), service.subscribe()];
	for (const phone of [gone, missing, live]) await subscribe(relay, ana, board, phone);
	service.answer(gone, 410);
	service.answer(missing, 404);
	const dropped = await metric(relay, 'quartier_push_subscriptions_dropped_total', 'gone');
	const offer = offerBy(ana);
	await converged([ana, ben]);
	const e = engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
	await pushesOf(service, live);
	await waitFor(
		() => service.attempts.get(gone.id) === 1 && service.attempts.get(missing.id) === 1,
		'one attempt each'
	);
	await converged([ana, ben]);
	engagements.addComment(ben.doc, ben.member.memberId, e, 'Bonjour', Date.now());
	await pushesOf(service, live, 2);
	await quietPeriod();
	expect(service.attempts.get(gone.id)).toBe(1);
	expect(service.attempts.get(missing.id)).toBe(1);
	expect(await metric(relay, 'quartier_push_subscriptions_dropped_total', 'gone')).toBe(
		dropped + 2
	);
	expect(await metric(relay, 'quartier_pushes_sent_total', 'notice')).toBeGreaterThanOrEqual(2);
});

it('a member an admin removed gets nothing more', async () => {
	const { relay } = push;
	const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno', 'Chloé']);
	const [admin, ben, cleo] = [members.Amélie!, members.Bruno!, members.Chloé!];
	const benPhone = service.subscribe();
	await subscribe(relay, ben, board, benPhone);
	const offer = offerBy(ben);
	await converged([admin, ben, cleo]);
	const e = engagements.proposeEngagement(
		cleo.doc,
		cleo.member.memberId,
		offer,
		'',
		'',
		Date.now()
	);
	await pushesOf(service, benPhone);

	removeMember(admin.doc, board, admin.member.memberId, ben.member.memberId, '', Date.now());
	await converged([admin, cleo]);
	engagements.addComment(cleo.doc, cleo.member.memberId, e, 'Bonjour ?', Date.now());
	await converged([admin, cleo]);
	await quietPeriod();
	expect(service.pushesTo(benPhone)).toHaveLength(1);
	expect(service.attempts.get(benPhone.id)).toBe(1);
	expect(
		await metric(relay, 'quartier_push_subscriptions_dropped_total', 'not-member')
	).toBeGreaterThanOrEqual(1);
	// Subscribing again is refused: a removed member is no member.
	const again = await signedPushCall(relay, ben, board, 'PUT', subscriptionBody(benPhone));
	expect(again.status).toBe(403);
	expect(again.json).toEqual({ error: 'not-a-member' });
});

it('a device its member took back gets nothing more; the member’s other device still does', async () => {
	const { relay } = push;
	const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
	const [ana, ben] = [members.Amélie!, members.Bruno!];
	const tablet = linkDevice(ana.member, { label: 'Tablette' });
	publishProfile(ana, 'Amélie', [certificateOf(tablet)]);
	await converged([ana, ben]);
	const [phoneSub, tabletSub] = [service.subscribe(), service.subscribe()];
	await subscribe(relay, ana, board, phoneSub);
	const linked = await signedPushCall(
		relay,
		{ member: tablet },
		board,
		'PUT',
		subscriptionBody(tabletSub)
	);
	expect(linked.status, linked.text).toBe(204);
	const offer = offerBy(ana);
	await converged([ana, ben]);
	const e = engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
	await pushesOf(service, phoneSub);
	await pushesOf(service, tabletSub);

	publishProfile(ana, 'Amélie', [{ ...certificateOf(tablet), removedAt: Date.now() }]);
	await converged([ana, ben]);
	engagements.addComment(ben.doc, ben.member.memberId, e, 'Bonjour', Date.now());
	await pushesOf(service, phoneSub, 2);
	await quietPeriod();
	expect(service.pushesTo(tabletSub)).toHaveLength(1);
	expect(service.attempts.get(tabletSub.id)).toBe(1);
	const again = await signedPushCall(
		relay,
		{ member: tablet },
		board,
		'PUT',
		subscriptionBody(tabletSub)
	);
	expect(again.status).toBe(403);
});
