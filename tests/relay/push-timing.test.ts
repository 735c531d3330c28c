/**
 * Pushes that wait for their time, on push's injected clock (QUARTIER_PUSH_CLOCK_FILE): the
 * reminder before a confirmed slot fires at `start - lead`, each member's own lead, once; and
 * what happens during a member's quiet hours (in their time zone) waits until they end, then
 * comes as ONE push for the board.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as bookings from '../../src/lib/domain/cowork/booking-commands';
import * as spaces from '../../src/lib/domain/cowork/space-commands';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import { FAKE_SEALED } from '../../src/lib/domain/test-helpers';
import { destroyAllClients } from './clients';
import { startPushService, type PushService } from './push-service';
import {
	BOARD_NAME,
	converged,
	metric,
	publishProfile,
	pushBoard,
	pushesOf,
	quietPeriod,
	startPushRelay,
	subscribe,
	type PushRelay
} from './push-helpers';
import { cleanUpRelays } from './relay-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let push: PushRelay;
let service: PushService;

beforeAll(async () => {
	service = await startPushService();
	push = await startPushRelay();
});
afterEach(() => {
	destroyAllClients();
	push.setClock(null);
});
afterAll(async () => {
	await cleanUpRelays();
	await service.close();
});

it('the reminder comes at start minus each member’s lead, once', async () => {
	const { relay } = push;
	const t0 = Date.now();
	push.setClock(t0);
	const { board, members } = await pushBoard(relay, ['Hélène', 'Bruno']);
	const [host, ben] = [members.Hélène!, members.Bruno!];
	const [hostPhone, benPhone] = [service.subscribe(), service.subscribe()];
	await subscribe(relay, host, board, hostPhone, { reminderLeadMinutes: 60 });
	await subscribe(relay, ben, board, benPhone, { reminderLeadMinutes: 180 });
	const start = t0 + 10 * HOUR;
	const space = spaces.createSpace(
		host.doc,
		host.member.memberId,
		{
			title: 'Atelier',
			description: '',
			city: 'Lyon',
			neighbourhood: '',
			seats: 2,
			amenities: [],
			workMode: 'silent',
			houseRules: '',
			autoAccept: false
		},
		FAKE_SEALED,
		t0
	);
	const [slot] = spaces.createSlots(
		host.doc,
		host.member.memberId,
		space,
		{ start, end: start + 4 * HOUR, seats: 1, deadline: null, repeatWeeks: 0 },
		t0
	);
	await converged([host, ben]);
	const b = bookings.requestBooking(ben.doc, ben.member.memberId, slot!, 1, '', Date.now());
	await pushesOf(service, hostPhone);
	await converged([host, ben]);
	bookings.decide(
		host.doc,
		host.member.memberId,
		'phone',
		slot!,
		[{ bookingKey: b, decision: 'confirmed', reason: '' }],
		Date.now()
	);
	await pushesOf(service, benPhone);

	push.setClock(start - 3 * HOUR - MINUTE);
	await quietPeriod();
	expect(service.pushesTo(benPhone)).toHaveLength(1);

	push.setClock(start - 3 * HOUR + 1000);
	const [, reminder] = await pushesOf(service, benPhone, 2);
	expect(reminder!.payload).toEqual({
		v: 1,
		title: 'Quartier',
		body: `Rappel : votre créneau de coworking commence bientôt (${BOARD_NAME})`,
		path: `/b/${board}/spaces/${encodeURIComponent(space)}`,
		tag: `${board}:reminder-guest`
	});
	expect(reminder!.urgency).toBe('high');
	expect(service.pushesTo(hostPhone)).toHaveLength(1);

	push.setClock(start - HOUR + 1000);
	const [, hostReminder] = await pushesOf(service, hostPhone, 2);
	expect(hostReminder!.payload.body).toBe(
		`Rappel : votre créneau d’accueil commence bientôt (${BOARD_NAME})`
	);

	// Later ticks, and a new edit that derives the reminders again, fire nothing more.
	push.setClock(start - 30 * MINUTE);
	publishProfile(host, 'Hélène B.');
	await converged([host, ben]);
	await quietPeriod();
	expect(service.pushesTo(benPhone)).toHaveLength(2);
	expect(service.pushesTo(hostPhone)).toHaveLength(2);
});

it('quiet hours in the member’s time zone hold the pushes, then send one for the board', async () => {
	const { relay } = push;
	// 23:30 in Paris (UTC+1 in December): inside 22:00–07:30.
	const night = Date.UTC(2026, 11, 3, 22, 30);
	push.setClock(night);
	const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
	const [ana, ben] = [members.Amélie!, members.Bruno!];
	const [quietPhone, awakePhone] = [service.subscribe(), service.subscribe()];
	const quietHours = { from: '22:00', to: '07:30' };
	await subscribe(relay, ana, board, quietPhone, { timeZone: 'Europe/Paris', quietHours });
	// The same hours in Tokyo are 07:30 in the morning: past them.
	await subscribe(relay, ana, board, awakePhone, { timeZone: 'Asia/Tokyo', quietHours });
	const held = await metric(relay, 'quartier_pushes_held_total');

	const offer = help.createPost(
		ana.doc,
		ana.member.memberId,
		{ kind: 'offer', category: 'diy', title: 'Vélo', description: '', availability: '', area: '' },
		Date.now()
	);
	await converged([ana, ben]);
	const e = engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
	await pushesOf(service, awakePhone);
	engagements.addComment(ben.doc, ben.member.memberId, e, 'Bonjour', Date.now());
	await pushesOf(service, awakePhone, 2);
	engagements.addComment(ben.doc, ben.member.memberId, e, 'Demain ?', Date.now());
	await pushesOf(service, awakePhone, 3);
	await quietPeriod();
	expect(service.pushesTo(quietPhone)).toEqual([]);
	expect(await metric(relay, 'quartier_pushes_held_total')).toBe(held + 3);

	// 07:29 in Paris: still quiet.
	push.setClock(Date.UTC(2026, 11, 4, 6, 29));
	await quietPeriod();
	expect(service.pushesTo(quietPhone)).toEqual([]);

	push.setClock(Date.UTC(2026, 11, 4, 6, 30, 30));
	const [morning] = await pushesOf(service, quietPhone);
	expect(morning!.payload).toEqual({
		v: 1,
		title: 'Quartier',
		body: `3 nouveautés sur ${BOARD_NAME}`,
		path: `/b/${board}`,
		tag: `${board}:digest`
	});
	await quietPeriod();
	expect(service.pushesTo(quietPhone)).toHaveLength(1);
});
