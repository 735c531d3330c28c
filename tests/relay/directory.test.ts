/**
 * The city directory through the real relay (issue 16): a listed board appears within seconds and
 * leaves when made private; a private board never appears, whatever the query; across every answer
 * of a board with real content, nothing private is in the bytes; filters narrow a board's items
 * and past slots never show.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import { destroyAllClients } from './clients';
import { contentBoard, PRIVATE, privateBoard } from './directory-content';
import { acked, Answers, DAY, HOUR, idsOf, until } from './directory-fixtures';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

/** Fixed so runs are reproducible; set QUARTIER_TEST_SEED to explore others. */
const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_202);
const LUXEMBOURG = 2960316;
/** Short, so "within seconds" leaves room; the default (1 s) is the same code path. */
const DELAY_MS = 300;

describe('city directory', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess({
			direct: true,
			// Hundreds of queries per test, from one address: the rate limit has its own test.
			env: {
				QUARTIER_DIRECTORY_DELAY_MS: String(DELAY_MS),
				QUARTIER_DIRECTORY_QUERIES_PER_IP: '100000'
			}
		});
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it('lists a board within seconds, shows only its public summary, and drops it when private', async () => {
		const answers = new Answers(relay);
		const hidden = await privateBoard(relay);
		const { board, forbidden } = await contentBoard(relay);
		const listedAt = Date.now();
		const found = await until(
			answers,
			{ q: 'luxemb' },
			(a) => idsOf(a).includes(board.boardId),
			'the listed board'
		);
		expect(Date.now() - listedAt).toBeLessThan(5000);
		const entry = found.boards.find((b) => b.boardId === board.boardId)!;
		expect(entry.place).toMatchObject({ id: LUXEMBOURG, name: 'Luxembourg' });
		expect(entry.posts.map((p) => p.title).sort()).toEqual([
			'Aide pour ma déclaration',
			'Réparation de vélos'
		]);
		expect(entry.spaces).toHaveLength(1);
		// The past slot is not there; the two upcoming ones are, with their free seats.
		expect(entry.spaces[0]!.slots.map((s) => [s.freeSeats, s.seatPriceCents])).toEqual([
			[3, null],
			[2, 500]
		]);

		// Accents, case, any word of the city or neighbourhood, the place's name.
		for (const q of ['LUXEMBOURG', 'luxembourg', 'bonnevoie', 'BÖNNÉVOIE', 'bonne', 'Lux']) {
			expect(idsOf(await answers.directory({ q })), q).toContain(board.boardId);
		}
		expect(idsOf(await answers.directory({ q: 'esch' }))).not.toContain(board.boardId);
		expect(idsOf(await answers.directory({ q: 'onnevoie' }))).not.toContain(board.boardId);

		const byId = await answers.get(`/api/directory/boards/${board.boardId}`);
		expect(byId.status).toBe(200);
		expect(byId.headers.get('cache-control')).toBe('no-store');
		expect(byId.body).toMatchObject({
			boardId: board.boardId,
			memberCount: 2,
			questions: ['Pourquoi nous rejoindre ?']
		});

		// The private board: nowhere, and its page answers exactly like an unknown one.
		const privatePage = await answers.get(`/api/directory/boards/${hidden.boardId}`);
		const unknownPage = await answers.get(`/api/directory/boards/${'A'.repeat(22)}`);
		expect([privatePage.status, privatePage.body]).toEqual([404, { error: 'not-found' }]);
		expect([unknownPage.status, unknownPage.body]).toEqual([404, { error: 'not-found' }]);
		await randomQueries(answers, SEED, 150);
		await filterQueries(answers);

		board.setVisibility('private');
		await acked([board.admin]);
		const privateAt = Date.now();
		await until(answers, { q: 'luxemb' }, (a) => !idsOf(a).includes(board.boardId), 'gone');
		expect(Date.now() - privateAt).toBeLessThan(5000);
		expect((await answers.get(`/api/directory/boards/${board.boardId}`)).status).toBe(404);

		const privateStrings = [
			hidden.boardId,
			hidden.secret,
			hidden.token,
			PRIVATE.privateBoard,
			PRIVATE.privatePost,
			hidden.admin.member.memberId
		];
		// The search works on bytes: what is public is found there.
		expect(
			answers.leaks(['Entraide Bonnevoie', 'Réparation de vélos', 'Pourquoi nous'])
		).toHaveLength(3);
		expect(forbidden.length).toBeGreaterThan(20);
		const leaks = answers.leaks([...forbidden, ...privateStrings]);
		expect(leaks, `leaked in ${answers.count} answers (QUARTIER_TEST_SEED=${SEED})`).toEqual([]);
	});

	/** Random searches and filters: the private board must never be in any of them. */
	async function randomQueries(answers: Answers, seed: number, runs: number): Promise<void> {
		const gen = prng.create(seed);
		const words = [
			'',
			'l',
			'lu',
			'luxemb',
			'bonnevoie',
			'Bonne',
			'tableau',
			'secret',
			'private',
			'e',
			'esch'
		];
		const kinds = [undefined, 'offer', 'request', 'seats'];
		for (let run = 0; run < runs; run++) {
			const query: Record<string, string | number> = {};
			const q = prng.oneOf(gen, words);
			if (q !== '') query.q = q;
			const kind = prng.oneOf(gen, kinds);
			if (kind) query.kind = kind;
			if (prng.bool(gen)) query.free = 1;
			if (prng.bool(gen)) query.maxPrice = prng.uint32(gen, 0, 2000);
			if (prng.bool(gen)) query.near = LUXEMBOURG;
			if (prng.bool(gen)) query.limit = prng.uint32(gen, 1, 100);
			const answer = await answers.directory(query);
			expect(answer.boards.length).toBeLessThanOrEqual(answer.total);
			expect(
				answers.leaks([PRIVATE.privateBoard]),
				`private board in ${JSON.stringify(query)} (QUARTIER_TEST_SEED=${seed}, run ${run})`
			).toEqual([]);
		}
	}

	async function filterQueries(answers: Answers): Promise<void> {
		const only = async (query: Record<string, string | number>) => {
			const answer = await answers.directory({ q: 'bonnevoie', ...query });
			return answer.boards.find((b) => b.name === 'Entraide Bonnevoie') ?? null;
		};
		const offer = await only({ kind: 'offer' });
		expect(offer?.posts.map((p) => p.title)).toEqual(['Réparation de vélos']);
		expect(offer?.spaces).toEqual([]);
		expect((await only({ kind: 'request' }))?.posts.map((p) => p.title)).toEqual([
			'Aide pour ma déclaration'
		]);
		const seats = await only({ kind: 'seats' });
		expect(seats?.posts).toEqual([]);
		expect(seats?.spaces[0]?.slots).toHaveLength(2);
		expect((await only({ category: 'repairs' }))?.posts.map((p) => p.title)).toEqual([
			'Réparation de vélos'
		]);
		expect(await only({ category: 'gardening' })).toBeNull();
		const free = await only({ free: 1 });
		expect(free?.posts.map((p) => p.title)).toEqual(['Aide pour ma déclaration']);
		expect(free?.spaces).toEqual([]);
		// 8 € a seat (the space's terms) and 5 € (the slot's own) are within 10 €, 15 €/h is not.
		const ten = await only({ maxPrice: 1000 });
		expect(ten?.posts.map((p) => p.title)).toEqual(['Aide pour ma déclaration']);
		expect(ten?.spaces[0]?.slots.map((s) => s.seatPriceCents)).toEqual([null, 500]);
		expect((await only({ maxPrice: 600 }))?.spaces[0]?.slots.map((s) => s.seatPriceCents)).toEqual([
			500
		]);
		expect((await only({ seats: 3 }))?.spaces[0]?.slots.map((s) => s.freeSeats)).toEqual([3]);
		expect(await only({ seats: 4 })).toBeNull();
		const inTwoDays = new Date(Date.now() + 2 * DAY + 4 * HOUR).toISOString().slice(0, 10);
		const dated = await only({ date: inTwoDays });
		expect(dated?.posts).toEqual([]);
		expect(dated?.spaces[0]?.slots.length).toBeGreaterThanOrEqual(1);
		const twoDaysAgo = new Date(Date.now() - 2 * DAY + 2 * HOUR).toISOString().slice(0, 10);
		// The past slot is the only one that day: it never counts.
		expect(await only({ date: twoDaysAgo })).toBeNull();
		const inAMonth = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
		expect(await only({ date: inAMonth })).toBeNull();
		// Every answer: no slot that ended.
		const now = Date.now();
		const queries: Record<string, string | number>[] = [
			{},
			{ kind: 'seats' },
			{ free: 1 },
			{ near: LUXEMBOURG }
		];
		for (const query of queries) {
			const answer = await answers.directory(query);
			for (const b of answer.boards) {
				for (const s of b.spaces) for (const slot of s.slots) expect(slot.end).toBeGreaterThan(now);
			}
		}
	}
});
