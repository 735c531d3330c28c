/**
 * R3: memory. 10,000 idle connections (quick: 2,000) in 100 empty rooms, then 1,000 loaded small
 * rooms (quick: 200), one connection each, then all closed until the rooms are unloaded. RSS is
 * read after the server settled; per-room cost subtracts the per-connection cost measured first.
 */
import { RawClient } from '../lib/client';
import { withServer, type BenchContext } from '../lib/context';
import { newMember } from '../lib/members';
import { failed, kb, type Row } from '../lib/report';
import { UpdateBuilder } from '../lib/updates';
import { settledRss, sleep } from '../lib/usage';
import { verdictText, verifyRooms, type Verdict } from '../lib/verify';
import type { Peer } from '../peers/types';
import { Fleet, randomRoom } from './fleet';

/** A small room: a street's board after a few weeks, 40 posts of a couple of lines (~15 KB). */
const POSTS_PER_ROOM = 40;
const DESCRIPTION = 'Je peux passer le soir après 18 h, outils fournis. '.repeat(4);
/** Quartier unloads a room this long after its last connection left (default 30 s). */
const QUARTIER_IDLE_MS = 5000;

interface Memory {
	perConnection: number;
	perRoom: number;
	encodedRoom: number;
	retainedPerRoom: number;
	loadedAfter: number | null;
	docs: Verdict | null;
}

export async function runMemory(ctx: BenchContext): Promise<Row[]> {
	const connections = ctx.quick ? 2000 : 10_000;
	const rooms = ctx.quick ? 300 : 1000;
	const rows: Row[] = [];
	for (const peer of ctx.peers) {
		ctx.log(`R3 ${peer.name}`);
		const settleMs = ctx.quick ? 1000 : 2500;
		rows.push(
			await withServer(
				ctx,
				peer,
				'r3',
				(server, base) =>
					measure(peer, server.pid, server.port, base, connections, rooms, settleMs),
				{ QUARTIER_ROOM_IDLE_MS: String(QUARTIER_IDLE_MS) }
			).then(
				(m) => row(peer, m, connections, rooms),
				(e: unknown) => failed('R3', peer.name, e)
			)
		);
	}
	return rows;
}

async function measure(
	peer: Peer,
	pid: number,
	port: number,
	base: string,
	connections: number,
	roomCount: number,
	settleMs: number
): Promise<Memory> {
	const idle = new Fleet(peer, base, 100);
	const before = await settledRss(pid, 1000);
	await idle.connect(connections, 200);
	const perConnection = ((await settledRss(pid, settleMs)) - before) / connections;
	idle.close();
	if (!peer.stateful) {
		return {
			perConnection,
			perRoom: NaN,
			encodedRoom: NaN,
			retainedPerRoom: NaN,
			loadedAfter: null,
			docs: null
		};
	}
	const empty = await settledRss(pid, settleMs);
	const seeded = await seedRooms(peer, base, roomCount);
	const loaded = await settledRss(pid, settleMs);
	const perRoom = (loaded - empty) / roomCount - perConnection;
	const docs = await verifyRooms(peer, base, seeded.expectations);
	for (const client of seeded.clients) client.close();
	// Quartier unloads after its idle delay; the peers unload as the last connection leaves.
	await sleep(peer.loadedRooms ? QUARTIER_IDLE_MS : 0);
	const after = await settledRss(pid, settleMs);
	return {
		perConnection,
		perRoom,
		encodedRoom: seeded.encoded,
		retainedPerRoom: (after - empty) / roomCount,
		loadedAfter: peer.loadedRooms ? await peer.loadedRooms(port) : null,
		docs
	};
}

async function seedRooms(peer: Peer, base: string, count: number) {
	const clients: RawClient[] = [];
	const expectations = [];
	let encoded = 0;
	for (let i = 0; i < count; i++) {
		const member = newMember();
		const builder = new UpdateBuilder(member);
		builder.newPosts(POSTS_PER_ROOM, DESCRIPTION);
		const state = builder.state();
		builder.destroy();
		encoded += state.byteLength;
		const room = randomRoom();
		const client = new RawClient(peer.wire, base, room, member);
		await client.connect();
		client.sendUpdate(state);
		clients.push(client);
		expectations.push({ room, updates: [state] });
	}
	await sleep(1000);
	return { clients, expectations, encoded: encoded / count };
}

function row(peer: Peer, m: Memory, connections: number, rooms: number): Row {
	const roomText = peer.stateful
		? `; loaded room ${kb(m.perRoom)} for a ${kb(m.encodedRoom)} doc (${(m.perRoom / m.encodedRoom).toFixed(1)}×); after all left: ${kb(m.retainedPerRoom)}/room kept in RSS${m.loadedAfter === null ? '' : `, ${m.loadedAfter} rooms loaded`}`
		: '; no rooms (keeps no document)';
	const r: Row = {
		id: 'R3',
		peer: peer.name,
		figures: `${connections} idle connections: ${kb(m.perConnection)} each${roomText} (${rooms} rooms)`,
		run: 'valid',
		docs: peer.stateful ? verdictText(m.docs) : 'n/a (no document)',
		data: m
	};
	if (peer.name === 'quartier') {
		r.target = '≤ 30 KB/connection; room ≤ 1.5× encoded; idle rooms leave memory';
		const misses = [
			m.perConnection > 30 * 1024 ? 'per connection' : '',
			m.perRoom > 1.5 * m.encodedRoom ? 'per room' : '',
			m.loadedAfter !== 0 ? 'rooms not unloaded' : ''
		].filter(Boolean);
		r.verdict = misses.length === 0 ? 'meets' : `MISSES (${misses.join(', ')})`;
	}
	return r;
}
