/**
 * V1: what the relay's write-scope check costs per update, on the C1 board (10,000 posts, 50,000
 * bookings, 200 members), next to what merely decoding the same update costs Yjs. Not a relay workload:
 * the check runs in-process, so this isolates it from network and storage.
 */
import * as Y from 'yjs';
import { checkUpdate, type ScopeContext } from '../../../src/lib/sync/write-scope';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { benchBoard, ownersOf } from './board';

function medianMicros(runs: number, fn: () => void): number {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		samples.push((performance.now() - t) * 1000);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)] ?? NaN;
}

export async function runValidation(ctx: BenchContext): Promise<Row[]> {
	const board = await benchBoard();
	const relay = new Y.Doc();
	Y.applyUpdate(relay, board.update);
	const owners = ownersOf(board.update);
	// A member with posts (most clients are coworking sittings, which wrote none).
	const author = [...relay.getMap('posts').keys()][0]!.split(':')[0]!;
	const [client, member] = [...owners].find(([, owner]) => owner === author)!;
	const scope: ScopeContext = { sender: member, ownerOf: (c) => owners.get(c) };
	const runs = ctx.quick ? 300 : 2000;

	// The member's phone: the whole board, then one edit of one of their posts.
	const phone = new Y.Doc();
	Y.applyUpdate(phone, board.update);
	phone.clientID = client + 1;
	owners.set(phone.clientID, member);
	const sv = Y.encodeStateVector(relay);
	const posts = phone.getMap('posts');
	const mine = [...posts.keys()].filter((k) => k.startsWith(`${member}:`));
	posts.set(mine[0]!, { ...(posts.get(mine[0]!) as object), title: 'Modifié' });
	const edit = Y.encodeStateAsUpdate(phone, sv);
	for (const key of mine.slice(1, 11))
		posts.set(key, { ...(posts.get(key) as object), title: 'x' });
	// A sync-step-2 reply after time offline: ten edits plus the phone's whole delete set.
	const reconnect = Y.encodeStateAsUpdate(phone, sv);
	const forged = new Y.Doc();
	Y.applyUpdate(forged, board.update);
	const victim = [...forged.getMap('posts').keys()].find((k) => !k.startsWith(`${member}:`))!;
	forged.getMap('posts').set(victim, { title: 'volé' });
	const forgery = Y.encodeStateAsUpdate(forged, sv);

	const cases: [string, Uint8Array][] = [
		['one edit', edit],
		['reconnect: 10 edits + whole delete set', reconnect],
		['forged overwrite (refused)', forgery]
	];
	return cases.map(([name, update]) => {
		const result = checkUpdate(relay, update, scope);
		const check = medianMicros(runs, () => checkUpdate(relay, update, scope));
		// Decoding is the least Yjs itself does with every update it receives.
		const decode = medianMicros(runs, () => Y.decodeUpdate(update));
		return {
			id: 'V1',
			peer: 'quartier',
			figures: `${name}: ${update.byteLength} B, check ${check.toFixed(1)} µs (${result.ok ? 'accepted' : `refused: ${result.reason}`}); Y.decodeUpdate of the same bytes ${decode.toFixed(1)} µs`,
			run: 'valid',
			docs: 'n/a'
		};
	});
}
