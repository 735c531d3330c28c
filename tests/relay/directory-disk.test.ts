/**
 * The directory index on disk, through the real relay: it survives a restart and answers without
 * loading a board; its per-address rate limit answers 429.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROOT } from '../../src/lib/domain/board/schema';
import { setVisibility } from '../../src/lib/domain/directory/visibility';
import { connectClient, destroyAllClients, waitFor } from './clients';
import { acked, Answers, idsOf, newTestBoard, writePost } from './directory-fixtures';
import { cleanUpRelays, startRelayProcess } from './relay-process';

describe('directory index on disk', () => {
	afterEach(async () => {
		destroyAllClients();
		await cleanUpRelays();
	});

	it('survives a restart, and answers without loading any board', async () => {
		const relay = await startRelayProcess({
			direct: true,
			env: { QUARTIER_DIRECTORY_DELAY_MS: '60000', QUARTIER_ROOM_IDLE_MS: '200' }
		});
		const board = await newTestBoard(relay, { name: 'Jardin partagé', city: 'Luxembourg' });
		writePost(board.admin, {
			kind: 'offer',
			title: 'Semis de tomates',
			category: 'gardening',
			listed: true,
			price: { kind: 'exchange' }
		});
		board.setVisibility('listed');
		await acked([board.admin]);
		// The delay is a minute: only unloading (the idle timer once the last client left) indexes it.
		board.admin.destroy();
		const answers = new Answers(relay);
		const deadline = Date.now() + 10_000;
		let found = false;
		while (!found && Date.now() < deadline) {
			found = idsOf(await answers.directory({ q: 'luxembourg' })).includes(board.boardId);
			if (!found) await new Promise((r) => setTimeout(r, 100));
		}
		expect(found).toBe(true);
		expect(await relay.stop('SIGTERM')).toBe(0);

		const again = await startRelayProcess({ direct: true, dataDir: relay.dataDir });
		const after = new Answers(again);
		const answer = await after.directory({ q: 'lux', category: 'gardening' });
		expect(idsOf(answer)).toEqual([board.boardId]);
		expect(answer.boards[0]?.posts).toEqual([
			{
				kind: 'offer',
				title: 'Semis de tomates',
				category: 'gardening',
				price: { kind: 'exchange' }
			}
		]);
		expect((await after.get(`/api/directory/boards/${board.boardId}`)).status).toBe(200);
		const health = (await (await fetch(`${again.url}/healthz`)).json()) as { rooms: number };
		expect(health.rooms).toBe(0);
	});

	it('answers 429 rate-limited past the per-address rate', async () => {
		const relay = await startRelayProcess({
			direct: true,
			env: { QUARTIER_DIRECTORY_QUERIES_PER_IP: '2' }
		});
		// 2 per second, bursts of 8: twenty at once cannot all pass.
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				fetch(`${relay.url}/api/directory${i % 2 ? '?q=lux' : ''}`).then(async (res) => ({
					status: res.status,
					body: (await res.json()) as unknown,
					retry: res.headers.get('retry-after')
				}))
			)
		);
		const limited = answers.filter((a) => a.status === 429);
		expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(9);
		expect(limited.length).toBeGreaterThanOrEqual(11);
		expect(limited[0]).toEqual({ status: 429, body: { error: 'rate-limited' }, retry: '1' });
		// Health checks are not directory queries.
		expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
	});

	it('keeps serving when a listed board holds garbage records', async () => {
		const relay = await startRelayProcess({
			direct: true,
			env: { QUARTIER_DIRECTORY_DELAY_MS: '100' }
		});
		const board = await newTestBoard(relay, { name: 'Tableau abîmé', city: 'Luxembourg' });
		const { admin } = board;
		const nested = new Y.Map<unknown>();
		nested.set('title', 42);
		admin.write('junk1', nested, ROOT.posts);
		admin.write(
			'junk2',
			{ kind: 'offer', title: ['x'], listed: 'yes', price: { kind: 'hourly' } },
			ROOT.posts
		);
		admin.write('junk3', { space: 12, start: 'soon', seatPriceCents: -5 }, ROOT.slots);
		admin.write('junk4', null, ROOT.spaces);
		admin.write(
			'visibility2',
			{ action: 'visibility', visibility: 'open', questions: 'why', placeId: 'x', at: 'now' },
			ROOT.moderation
		);
		board.setVisibility('listed', 123_456_789_0);
		writePost(admin, {
			kind: 'offer',
			title: 'Bonne offre',
			category: 'diy',
			listed: true,
			price: null
		});
		await acked([admin]);
		const answers = new Answers(relay);
		const deadline = Date.now() + 10_000;
		let found = false;
		while (!found && Date.now() < deadline) {
			found = idsOf(await answers.directory({ q: 'luxembourg' })).includes(board.boardId);
			if (!found) await new Promise((r) => setTimeout(r, 100));
		}
		expect(found).toBe(true);
		const entry = (await answers.get(`/api/directory/boards/${board.boardId}`)).body as {
			posts: { title: string }[];
			place: { name: string } | null;
		};
		// The unknown place id falls back to the typed city.
		expect(entry.place?.name).toBe('Luxembourg');
		expect(entry.posts.map((p) => p.title)).toEqual(['Bonne offre']);
		expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
		expect(relay.logs()).not.toMatch(/uncaught|unhandled/);
	});

	it('drops a board made private just before a kill -9, when the relay starts again', async () => {
		const env = { QUARTIER_DIRECTORY_DELAY_MS: '60000', QUARTIER_ROOM_IDLE_MS: '100' };
		const relay = await startRelayProcess({ direct: true, env });
		const board = await newTestBoard(relay, { name: 'Bientôt privé', city: 'Luxembourg' });
		board.setVisibility('listed');
		await acked([board.admin]);
		// Indexed when the room unloads (the delay is a minute), then the admin comes back.
		board.admin.destroy();
		const answers = new Answers(relay);
		const page = async (on: Answers) =>
			(await on.get(`/api/directory/boards/${board.boardId}`)).status;
		const deadline = Date.now() + 10_000;
		while ((await page(answers)) !== 200 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(await page(answers)).toBe(200);
		const admin = connectClient(relay, board.boardId, board.token, {
			member: board.admin.member,
			doc: board.admin.doc
		});
		await waitFor(() => admin.provider.synced, 'synced again');
		setVisibility(
			admin.doc,
			board.boardId,
			admin.member.memberId,
			{ visibility: 'private', placeId: null, questions: [] },
			board.secret,
			Date.now()
		);
		await acked([admin]);
		// Long before the minute: the index still lists it. The dirty note is written right after.
		await new Promise((r) => setTimeout(r, 300));
		expect(await page(answers)).toBe(200);
		await relay.kill9();
		admin.destroy();

		const again = await startRelayProcess({ direct: true, dataDir: relay.dataDir, env });
		const after = new Answers(again);
		const until = Date.now() + 10_000;
		while ((await page(after)) !== 404 && Date.now() < until) {
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(await page(after)).toBe(404);
		expect(idsOf(await after.directory({ q: 'luxembourg' }))).not.toContain(board.boardId);
		const health = (await (await fetch(`${again.url}/healthz`)).json()) as { rooms: number };
		expect(health.rooms).toBe(0);
	});
});
