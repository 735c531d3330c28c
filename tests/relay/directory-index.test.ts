/**
 * The directory index in-process, on a real SQLite file: for seeded random boards and filters, the
 * index's SQL (facet rows) picks exactly the boards the pure filter (domain/directory/filter.ts)
 * keeps, and answers them narrowed the same way; a removed board leaves no trace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import {
	DIRECTORY_KINDS,
	narrowSummary,
	type ItemFilter
} from '../../src/lib/domain/directory/filter';
import type { DirectorySummary } from '../../src/lib/domain/directory/summary';
import { CATEGORIES, POST_KINDS } from '../../src/lib/domain/help/types';
import type { PriceTerms } from '../../src/lib/domain/pricing/terms';
import { DirectoryIndex } from '../../sync-server/directory/directory-index';
import { DirectoryQueries } from '../../sync-server/directory/directory-query';
import { indexRow } from '../../sync-server/directory/index-row';
import { openInviteSecret } from '../../sync-server/directory/invite-secret';
import type { Storage } from '../../sync-server/storage';
import { openTestStorage } from './pg/database-for';

/** Fixed so runs are reproducible; set QUARTIER_TEST_SEED to explore others. */
const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_202);
const NOW = Date.UTC(2030, 5, 3, 8);
const HOUR = 3_600_000;
const CITIES = ['Luxembourg', 'Esch-sur-Alzette', 'Differdange', 'Lëtzebuerg'];

function terms(gen: prng.PRNG): PriceTerms | null {
	const kind = prng.oneOf(gen, ['none', 'free', 'contribution', 'exchange', 'fixed', 'hourly']);
	if (kind === 'none') return null;
	if (kind === 'fixed' || kind === 'hourly') return { kind, cents: prng.uint32(gen, 1, 3000) };
	return { kind } as PriceTerms;
}

function summary(gen: prng.PRNG, i: number): DirectorySummary {
	return {
		boardId: `board${String(i).padStart(17, '0')}`,
		visibility: prng.bool(gen) ? 'listed' : 'open',
		name: `Board ${prng.uint32(gen, 0, 999)}`,
		city: prng.oneOf(gen, CITIES),
		neighbourhood: prng.oneOf(gen, ['', 'Bonnevoie', 'Gare']),
		description: '',
		placeId: null,
		memberCount: prng.uint32(gen, 1, 50),
		questions: [],
		posts: Array.from({ length: prng.uint32(gen, 0, 3) }, (_, n) => ({
			kind: prng.oneOf(gen, [...POST_KINDS]),
			title: `post ${n}`,
			category: prng.oneOf(gen, [...CATEGORIES]),
			price: terms(gen)
		})),
		spaces: Array.from({ length: prng.uint32(gen, 0, 2) }, () => ({
			neighbourhood: '',
			amenities: [],
			seats: 4,
			price: terms(gen),
			slots: Array.from({ length: prng.uint32(gen, 0, 3) }, () => {
				const start = NOW + prng.int32(gen, -3, 5) * 24 * HOUR + prng.uint32(gen, 0, 20) * HOUR;
				return {
					start,
					end: start + prng.uint32(gen, 1, 8) * HOUR,
					freeSeats: prng.uint32(gen, 0, 4),
					seatPriceCents: prng.bool(gen) ? null : prng.uint32(gen, 1, 1500)
				};
			})
		}))
	};
}

function filter(gen: prng.PRNG): ItemFilter {
	const f: ItemFilter = {};
	if (prng.uint32(gen, 0, 2) === 0) f.kind = prng.oneOf(gen, [...DIRECTORY_KINDS]);
	if (prng.uint32(gen, 0, 3) === 0) f.category = prng.oneOf(gen, [...CATEGORIES]);
	if (prng.uint32(gen, 0, 3) === 0) {
		const from = Date.UTC(2030, 5, 3 + prng.int32(gen, -2, 5));
		f.day = { from, to: from + 24 * HOUR };
	}
	if (prng.uint32(gen, 0, 3) === 0) f.seats = prng.uint32(gen, 1, 4);
	if (prng.uint32(gen, 0, 3) === 0) f.freeOnly = true;
	if (prng.uint32(gen, 0, 2) === 0) f.maxCents = prng.uint32(gen, 0, 2000);
	return f;
}

describe('directory index', () => {
	const dirs: string[] = [];
	let storage: Storage | undefined;
	afterEach(async () => {
		await storage?.close();
		for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	/** SQLite, or PostgreSQL under the relay-pg project. */
	async function open(): Promise<Storage> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-directory-'));
		dirs.push(dir);
		storage = await openTestStorage(dir);
		return storage;
	}

	it('selects with SQL exactly the boards the pure filter keeps, narrowed alike', async () => {
		const sql = (await open()).sql;
		const index = new DirectoryIndex(sql);
		const queries = new DirectoryQueries(sql);
		const gen = prng.create(SEED);
		const boards = Array.from({ length: 200 }, (_, i) => summary(gen, i));
		await Promise.all(boards.map((s) => index.put(indexRow(s, null, null), NOW)));
		for (let run = 0; run < 300; run++) {
			const f = filter(gen);
			const q = prng.oneOf(gen, ['', 'lux', 'esch sur', 'BONNE', 'gare', 'letz']);
			const expected = boards
				.filter((b) => q === '' || matches(b, q))
				.map((b) => narrowSummary(b, f, NOW))
				.filter((b) => b !== null)
				.sort((a, b) =>
					a.name < b.name ? -1 : a.name > b.name ? 1 : a.boardId < b.boardId ? -1 : 1
				);
			const answer = await queries.search({ q, filter: f, near: null, limit: 100 }, NOW);
			const what = `QUARTIER_TEST_SEED=${SEED}, run ${run}, q=${q}, filter ${JSON.stringify(f)}`;
			expect(answer.total, what).toBe(expected.length);
			expect(
				answer.boards.map(({ place: _p, updatedAt: _u, ...rest }) => rest),
				what
			).toEqual(expected.slice(0, 100));
		}
	});

	it('removes a board whole, and hands out only an open board’s secret', async () => {
		const sql = (await open()).sql;
		const index = new DirectoryIndex(sql);
		const queries = new DirectoryQueries(sql);
		const gen = prng.create(SEED);
		const open1 = { ...summary(gen, 1), visibility: 'open' as const };
		const listed = { ...summary(gen, 2), visibility: 'listed' as const };
		await index.put(indexRow(open1, null, 'open-secret-aaaaaaaaaaaaaa'), NOW);
		await index.put(indexRow(listed, null, 'listed-secret-aaaaaaaaaaaa'), NOW);
		expect(await openInviteSecret(sql, open1.boardId)).toBe('open-secret-aaaaaaaaaaaaaa');
		expect(await openInviteSecret(sql, listed.boardId)).toBeNull();
		expect(await openInviteSecret(sql, 'unknown')).toBeNull();
		await index.remove(open1.boardId);
		expect(await openInviteSecret(sql, open1.boardId)).toBeNull();
		expect(await queries.board(open1.boardId, NOW)).toBeNull();
		for (const table of ['directory_boards', 'directory_words', 'directory_items']) {
			const rows = sql.read<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE room = ?`);
			expect(Number((await rows.get(open1.boardId))?.n), table).toBe(0);
		}
		expect((await queries.board(listed.boardId, NOW))?.boardId).toBe(listed.boardId);
	});
});

/** The contract's q: a prefix of any word of the typed city or neighbourhood (no place here). */
function matches(b: DirectorySummary, q: string): boolean {
	const norm = (t: string) =>
		t
			.normalize('NFD')
			.replace(/\p{Diacritic}/gu, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, ' ')
			.trim();
	const text = ` ${[b.city, b.neighbourhood].map(norm).filter(Boolean).join(' ')}`;
	return text.includes(` ${norm(q)}`);
}
