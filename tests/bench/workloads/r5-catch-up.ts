/**
 * R5: a client holding a 5 MB board goes offline while other members make 700 changes (500 edits
 * of their posts, 200 new posts), then reconnects. Counted: bytes it receives until synced, and
 * round trips (the websocket upgrade plus each flight of messages it had to wait on), against
 * the Yjs state-vector diff (Y.encodeStateAsUpdate(serverDoc, clientStateVector)).
 */
import * as Y from 'yjs';
import { DocClient, RawClient } from '../lib/client';
import { withServer, type BenchContext } from '../lib/context';
import { newMember } from '../lib/members';
import { failed, kb, notRun, type Row } from '../lib/report';
import { UpdateBuilder } from '../lib/updates';
import { sleep } from '../lib/usage';
import { docsEqual } from '../lib/verify';
import type { Peer } from '../peers/types';
import { randomRoom } from './fleet';

const MEMBERS = 50;
const POSTS_EACH = 50;
/** 2,000 characters: the longest description the app accepts, so 2,500 posts make ~5 MB. */
const DESCRIPTION = 'Perceuse, visseuse et conseils pour monter vos étagères. '
	.repeat(36)
	.slice(0, 2000);
const EDITS_EACH = 10;
const NEW_EACH = 4;

interface Board {
	builders: UpdateBuilder[];
	initial: Uint8Array[];
	changes: Uint8Array[][];
}

function buildBoard(): Board {
	const builders = Array.from({ length: MEMBERS }, () => new UpdateBuilder(newMember()));
	for (const b of builders) b.newPosts(POSTS_EACH, DESCRIPTION);
	const initial = builders.map((b) => b.state());
	const changes = builders.map((b) => [...b.editPosts(EDITS_EACH), ...b.newPosts(NEW_EACH)]);
	return { builders, initial, changes };
}

export async function runCatchUp(ctx: BenchContext): Promise<Row[]> {
	const board = buildBoard();
	const size = board.initial.reduce((n, u) => n + u.byteLength, 0);
	const rows: Row[] = [];
	for (const peer of ctx.peers) {
		if (!peer.stateful) {
			rows.push(
				notRun('R5', peer.name, 'keeps no document, so a client cannot catch up through it')
			);
			continue;
		}
		ctx.log(`R5 ${peer.name}`);
		rows.push(
			await withServer(ctx, peer, 'r5', (_s, base) => catchUp(peer, base, board, size)).catch(
				(e: unknown) => failed('R5', peer.name, e)
			)
		);
	}
	for (const b of board.builders) b.destroy();
	return rows;
}

async function catchUp(peer: Peer, base: string, board: Board, size: number): Promise<Row> {
	const room = randomRoom();
	let changesSeen = 0;
	const writers = board.builders.map((b) => new RawClient(peer.wire, base, room, b.member));
	const observer = new RawClient(peer.wire, base, room, newMember(), {
		onUpdate: () => changesSeen++
	});
	const offline = new DocClient(peer.wire, base, room, newMember());
	try {
		await Promise.all(writers.map((w) => w.connect()));
		writers.forEach((w, i) => w.sendUpdate(board.initial[i]!));
		await sleep(1000);
		await offline.connect(60_000);
		offline.close();
		await observer.connect(60_000);
		changesSeen = 0;
		writers.forEach((w, i) => board.changes[i]!.forEach((u) => w.sendUpdate(u)));
		const total = board.changes.reduce((n, c) => n + c.length, 0);
		const deadline = performance.now() + 30_000;
		while (changesSeen < total && performance.now() < deadline) await sleep(20);
		const expected = new Y.Doc();
		for (const u of [...board.initial, ...board.changes.flat()]) Y.applyUpdate(expected, u);
		const diff = Y.encodeStateAsUpdate(expected, Y.encodeStateVector(offline.doc)).byteLength;
		offline.bytesIn = 0;
		await offline.connect(60_000);
		const bytes = offline.bytesIn;
		const roundTrips = 1 + offline.flights;
		const same = docsEqual(offline.doc, expected);
		const row: Row = {
			id: 'R5',
			peer: peer.name,
			figures: `${kb(bytes)} received to catch up ${total} changes on a ${(size / 1e6).toFixed(1)} MB board; state-vector diff ${kb(diff)} (${(bytes / diff).toFixed(2)}×); ${roundTrips} round trips incl. the websocket upgrade`,
			run:
				changesSeen >= total
					? 'valid'
					: `INVALID: only ${changesSeen}/${total} changes reached the relay`,
			docs: same ? 'identical (catching-up client = all updates)' : 'DIFFER',
			data: { bytes, diff, roundTrips, size, changes: total }
		};
		if (peer.name === 'quartier') {
			row.target = '≤ 1.1× the state-vector diff';
			row.verdict = bytes <= 1.1 * diff ? 'meets' : `MISSES (${(bytes / diff).toFixed(2)}×)`;
		}
		expected.destroy();
		return row;
	} finally {
		for (const w of writers) w.close();
		observer.close();
		offline.close();
		offline.doc.destroy();
	}
}
