/**
 * The relay pushes each notice of domain/notify to the member it concerns, on each of their
 * subscribed devices, and to nobody else: requests, proposals, answers, messages and
 * cancellations in mutual aid and coworking. The push service stand-in checks the VAPID JWT and
 * decrypts every payload with the subscription's own keys; the words name the board only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as bookings from '../../src/lib/domain/cowork/booking-commands';
import * as spaces from '../../src/lib/domain/cowork/space-commands';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import { FAKE_SEALED } from '../../src/lib/domain/test-helpers';
import { cleanUpRelays } from './relay-process';
import { destroyAllClients, type SyncClient } from './clients';
import { startPushService, type PushService } from './push-service';
import {
	BOARD_NAME,
	converged,
	expectNothingPrivate,
	pushBoard,
	pushesOf,
	quietPeriod,
	startPushRelay,
	subscribe,
	type PushRelay
} from './push-helpers';

const HOUR = 3_600_000;
const TITLE = 'Étagère à monter chez Odile';
const MESSAGE = 'Je passe à 18 h au 12 rue des Acacias';

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

const offerBy = (client: SyncClient, title = TITLE) =>
	help.createPost(
		client.doc,
		client.member.memberId,
		{ kind: 'offer', category: 'diy', title, description: '', availability: '', area: '' },
		Date.now()
	);

describe('mutual aid', () => {
	it('a request, its answer, messages and a cancellation reach the member each concerns, and only them', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno', 'Chloé']);
		const [ana, ben, cleo] = [members.Amélie!, members.Bruno!, members.Chloé!];
		const [anaPhone, benPhone, cleoPhone] = [
			service.subscribe(),
			service.subscribe(),
			service.subscribe()
		];
		await subscribe(relay, ana, board, anaPhone);
		await subscribe(relay, ben, board, benPhone, { locale: 'en' });
		await subscribe(relay, cleo, board, cleoPhone);

		const offer = offerBy(ana);
		await converged([ana, ben]);
		const e = engagements.proposeEngagement(
			ben.doc,
			ben.member.memberId,
			offer,
			'Bonjour Amélie',
			'',
			Date.now()
		);
		const [asked] = await pushesOf(service, anaPhone);
		expect(asked!.payload).toEqual({
			v: 1,
			title: 'Quartier',
			body: `Nouvelle demande sur ${BOARD_NAME}`,
			path: `/b/${board}/posts/${encodeURIComponent(offer)}`,
			tag: `${board}:help-request`
		});
		expect(asked!.ttl).toBe(12 * 60 * 60);
		expect(asked!.urgency).toBe('normal');
		expect(asked!.claims.aud).toBe(service.url);
		const ids = [ana, ben, cleo].map((c) => c.member.memberId);
		expectNothingPrivate(asked!, ['Amélie', 'Bruno', 'Chloé', TITLE, 'Bonjour'], ids);

		await converged([ana, ben]);
		engagements.respond(ana.doc, ana.member.memberId, e, 'accepted', '', null, Date.now());
		const [accepted] = await pushesOf(service, benPhone);
		expect(accepted!.payload.body).toBe(`Good news on ${BOARD_NAME}: it’s a yes`);
		expect(accepted!.payload.tag).toBe(`${board}:help-accepted`);

		await converged([ana, ben]);
		engagements.addComment(ben.doc, ben.member.memberId, e, MESSAGE, Date.now());
		const messaged = await pushesOf(service, anaPhone, 2);
		expect(messaged[1]!.payload.body).toBe(`Nouveau message sur ${BOARD_NAME}`);
		expectNothingPrivate(messaged[1]!, [MESSAGE, 'Acacias', '18 h', 'Bruno'], ids);

		await converged([ana, ben]);
		engagements.cancelEngagement(ben.doc, ben.member.memberId, e, 'Empêchement', Date.now());
		const cancelled = await pushesOf(service, anaPhone, 3);
		expect(cancelled[2]!.payload.body).toBe(`Un échange a été annulé sur ${BOARD_NAME}`);
		expectNothingPrivate(cancelled[2]!, ['Empêchement'], ids);

		await quietPeriod();
		// The author of each event got nothing for it; the bystander nothing at all.
		expect(service.pushesTo(anaPhone)).toHaveLength(3);
		expect(service.pushesTo(benPhone)).toHaveLength(1);
		expect(service.pushesTo(cleoPhone)).toEqual([]);
	});

	it('a proposal on a request; each of the member’s devices gets it', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
		const [ana, ben] = [members.Amélie!, members.Bruno!];
		const [phone, tablet] = [service.subscribe(), service.subscribe()];
		await subscribe(relay, ana, board, phone);
		await subscribe(relay, ana, board, tablet, { locale: 'en' });
		const asked = help.createPost(
			ana.doc,
			ana.member.memberId,
			{
				kind: 'request',
				category: 'diy',
				title: TITLE,
				description: '',
				availability: '',
				area: ''
			},
			Date.now()
		);
		await converged([ana, ben]);
		engagements.proposeEngagement(ben.doc, ben.member.memberId, asked, '', '', Date.now());
		const [onPhone] = await pushesOf(service, phone);
		const [onTablet] = await pushesOf(service, tablet);
		expect(onPhone!.payload.body).toBe(`Nouvelle proposition d’aide sur ${BOARD_NAME}`);
		expect(onTablet!.payload.body).toBe(`New offer of help on ${BOARD_NAME}`);
	});
});

describe('coworking', () => {
	it('a seat request reaches the host, the decision and a cancelled slot the guest', async () => {
		const { relay } = push;
		const { board, members } = await pushBoard(relay, ['Hélène', 'Bruno', 'Chloé']);
		const [host, ben, cleo] = [members.Hélène!, members.Bruno!, members.Chloé!];
		const [hostPhone, benPhone, cleoPhone] = [
			service.subscribe(),
			service.subscribe(),
			service.subscribe()
		];
		for (const [client, phone] of [
			[host, hostPhone],
			[ben, benPhone],
			[cleo, cleoPhone]
		] as const) {
			await subscribe(relay, client, board, phone);
		}
		const now = Date.now();
		const space = spaces.createSpace(
			host.doc,
			host.member.memberId,
			{
				title: 'Bureau calme au 3e',
				description: '',
				city: 'Lyon',
				neighbourhood: '',
				seats: 4,
				amenities: [],
				workMode: 'silent',
				houseRules: '',
				autoAccept: false
			},
			FAKE_SEALED,
			now
		);
		const [slot] = spaces.createSlots(
			host.doc,
			host.member.memberId,
			space,
			{ start: now + 30 * HOUR, end: now + 34 * HOUR, seats: 2, deadline: null, repeatWeeks: 0 },
			now
		);
		await converged([host, ben, cleo]);
		const b = bookings.requestBooking(ben.doc, ben.member.memberId, slot!, 1, '', Date.now());
		const [requested] = await pushesOf(service, hostPhone);
		expect(requested!.payload.body).toBe(`Nouvelle demande de place sur ${BOARD_NAME}`);
		expect(requested!.payload.path).toBe(`/b/${board}/spaces/${encodeURIComponent(space)}`);
		expectNothingPrivate(requested!, ['Bureau calme', 'Hélène', 'Bruno'], [ben.member.memberId]);

		await converged([host, ben]);
		bookings.decide(
			host.doc,
			host.member.memberId,
			'phone',
			slot!,
			[{ bookingKey: b, decision: 'confirmed', reason: '' }],
			Date.now()
		);
		const [confirmed] = await pushesOf(service, benPhone);
		expect(confirmed!.payload.body).toBe(`Votre place est confirmée sur ${BOARD_NAME}`);

		await converged([host, ben]);
		spaces.cancelSlot(host.doc, host.member.memberId, slot!, 'Travaux', Date.now());
		const cancelled = await pushesOf(service, benPhone, 2);
		expect(cancelled[1]!.payload.body).toBe(`Votre place a été annulée sur ${BOARD_NAME}`);
		expect(cancelled[1]!.payload.tag).toBe(`${board}:seat-cancelled-by-host`);

		await quietPeriod();
		expect(service.pushesTo(hostPhone)).toHaveLength(1);
		expect(service.pushesTo(benPhone)).toHaveLength(2);
		expect(service.pushesTo(cleoPhone)).toEqual([]);
	});
});
