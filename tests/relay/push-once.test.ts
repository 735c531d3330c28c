/**
 * A notice reaches a member at most once: not again when a phone reconnects and resends, when the
 * board is compacted and reloaded, or after the relay restarts (the memory is in SQLite). What
 * already existed when a member subscribed is remembered without being pushed.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as engagements from '../../src/lib/domain/engagement/commands';
import * as help from '../../src/lib/domain/help/commands';
import { connectClient, destroyAllClients, waitFor, type SyncClient } from './clients';
import { startPushService, type PushService } from './push-service';
import {
	converged,
	pushBoard,
	pushesOf,
	quietPeriod,
	startPushRelay,
	subscribe
} from './push-helpers';
import { cleanUpRelays } from './relay-process';

let service: PushService;

beforeAll(async () => {
	service = await startPushService();
});
afterEach(async () => {
	destroyAllClients();
	await cleanUpRelays();
});
afterAll(async () => {
	await service.close();
});

const offerBy = (client: SyncClient) =>
	help.createPost(
		client.doc,
		client.member.memberId,
		{ kind: 'offer', category: 'diy', title: 'Vélo', description: '', availability: '', area: '' },
		Date.now()
	);

it('notices from before the subscription are not pushed; later ones are', async () => {
	const { relay } = await startPushRelay();
	const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
	const [ana, ben] = [members.Amélie!, members.Bruno!];
	const offer = offerBy(ana);
	await converged([ana, ben]);
	const e = engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
	engagements.addComment(ben.doc, ben.member.memberId, e, 'Bonjour', Date.now());
	await converged([ana, ben]);
	await quietPeriod();

	const phone = service.subscribe();
	await subscribe(relay, ana, board, phone);
	await quietPeriod();
	expect(service.pushesTo(phone)).toEqual([]);

	engagements.addComment(ben.doc, ben.member.memberId, e, 'Vous êtes là ?', Date.now());
	const [pushed] = await pushesOf(service, phone);
	expect(pushed!.payload.tag).toContain(':help-message');
	await quietPeriod();
	expect(service.pushesTo(phone)).toHaveLength(1);
});

it('not twice: after a reconnect, a compaction, a restart, or subscribing again', async () => {
	const env = { QUARTIER_COMPACT_AFTER_ROWS: '2', QUARTIER_ROOM_IDLE_MS: '100' };
	const first = await startPushRelay({ env });
	const { board, token, members } = await pushBoard(first.relay, ['Amélie', 'Bruno']);
	const [ana, ben] = [members.Amélie!, members.Bruno!];
	const phone = service.subscribe();
	await subscribe(first.relay, ana, board, phone);
	const offer = offerBy(ana);
	await converged([ana, ben]);
	const e = engagements.proposeEngagement(ben.doc, ben.member.memberId, offer, '', '', Date.now());
	await pushesOf(service, phone);

	// Ben's phone reconnects and syncs its whole state again.
	ben.provider.disconnect();
	ben.provider.connect();
	await waitFor(() => ben.provider.synced, 'reconnected');
	// Amélie subscribes the same phone again (a settings change).
	await subscribe(first.relay, ana, board, phone, { locale: 'en' });
	// Everybody leaves: the board is compacted and unloaded, then loaded again by a new edit.
	destroyAllClients();
	await new Promise((resolve) => setTimeout(resolve, 500));
	const again = connectClient(first.relay, board, token, { member: ben.member, doc: ben.doc });
	await waitFor(() => again.provider.synced, 'back');
	engagements.addComment(again.doc, ben.member.memberId, e, 'Toujours partant', Date.now());
	await pushesOf(service, phone, 2);
	again.destroy();

	// The relay restarts on the same data; one more edit derives everything again.
	await first.relay.stop();
	const second = await startPushRelay({ dataDir: first.relay.dataDir, env });
	const back = connectClient(second.relay, board, token, { member: ben.member, doc: ben.doc });
	await waitFor(() => back.provider.synced, 'after restart');
	engagements.addComment(back.doc, ben.member.memberId, e, 'Je confirme', Date.now());
	const pushes = await pushesOf(service, phone, 3);
	await quietPeriod();
	expect(service.pushesTo(phone)).toHaveLength(3);
	expect(pushes.map((p) => p.payload.tag)).toEqual([
		`${board}:help-request`,
		`${board}:help-message`,
		`${board}:help-message`
	]);
	expect(pushes.map((p) => p.payload.body)).toEqual([
		'Nouvelle demande sur Rue des Lilas',
		'New message on Rue des Lilas',
		'New message on Rue des Lilas'
	]);
});
