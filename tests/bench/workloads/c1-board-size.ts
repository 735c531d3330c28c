/**
 * C1: the big board's encoded size and encode/decode time, against the same records' latest
 * values (posts, bookings, spaces, slots, rosters, profiles, the board record) in plain Y.Maps
 * keyed by record id alone and written once by one client: the cheapest Yjs representation of the
 * same data. The board pays for its history (6,000-odd clients, one per sitting; rosters and
 * cancelled bookings rewritten) and for author-prefixed keys.
 */
import * as Y from 'yjs';
import type { BenchContext } from '../lib/context';
import { ms, type Row } from '../lib/report';
import { benchBoard, BOOKINGS, MEMBERS, POSTS, type BenchBoard } from './board';
import { HOST_EVERY } from './board-cowork';

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timeIt(runs: number, fn: () => void): number {
	return median(
		Array.from({ length: runs }, () => {
			const t = performance.now();
			fn();
			return performance.now() - t;
		})
	);
}

interface Shape {
	bytes: number;
	encodeMs: number;
	decodeMs: number;
}

function measure(update: Uint8Array, runs: number): Shape {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const encodeMs = timeIt(runs, () => Y.encodeStateAsUpdate(doc));
	const decodeMs = timeIt(runs, () => Y.applyUpdate(new Y.Doc(), update));
	const bytes = Y.encodeStateAsUpdate(doc).byteLength;
	doc.destroy();
	return { bytes, encodeMs, decodeMs };
}

function plainUpdate(board: BenchBoard): Uint8Array {
	const doc = new Y.Doc();
	for (const r of board.records) doc.transact(() => doc.getMap(r.collection).set(r.id, r.value));
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

export async function runBoardSize(ctx: BenchContext): Promise<Row[]> {
	ctx.log('C1 building the board');
	const board = await benchBoard();
	const runs = ctx.quick ? 3 : 7;
	const quartier = measure(board.update, runs);
	const plain = measure(plainUpdate(board), runs);
	const records = board.records.length;
	const count = (name: string) => board.records.filter((r) => r.collection === name).length;
	const text = (s: Shape) =>
		`${(s.bytes / 1e6).toFixed(2)} MB, ${(s.bytes / records).toFixed(1)} B/record; encode ${ms(s.encodeMs)} ms, decode ${ms(s.decodeMs)} ms`;
	const ratio = quartier.bytes / plain.bytes;
	return [
		{
			id: 'C1',
			peer: 'quartier',
			figures: `${POSTS} posts + ${BOOKINGS} bookings on ${count('slots')} slots of ${MEMBERS / HOST_EVERY} spaces, ${count('rosters')} rosters, by ${MEMBERS} members (${records} records with profiles and board): ${text(quartier)}; ${ratio.toFixed(2)}× plain`,
			target: '≤ 1.1× plain Yjs',
			verdict: ratio <= 1.1 ? 'meets' : `MISSES (${ratio.toFixed(2)}× bytes)`,
			run: 'valid',
			docs: 'n/a',
			data: { quartier, plain, records }
		},
		{
			id: 'C1',
			peer: 'plain Y.Map',
			figures: `same latest values keyed by record id, one client: ${text(plain)}`,
			run: 'valid',
			docs: 'n/a',
			data: plain
		}
	];
}
