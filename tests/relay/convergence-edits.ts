/**
 * The random edits and the diagnostics the convergence tests share (one relay, several instances):
 * each device edits only its own member's records, with every kind of shared type.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { POSTS, type SyncClient } from './clients';

/** One edit of the device's member's own records; the member's other device may be editing too. */
export function edit(g: prng.PRNG, device: SyncClient): void {
	const posts = device.doc.getMap(POSTS);
	const key = (id: string) => device.member.key(id);
	const value = prng.int32(g, 0, 1000);
	switch (prng.int32(g, 0, 7)) {
		case 0:
		case 1:
			device.write(`r${prng.int32(g, 0, 9)}`, { value });
			return;
		case 2:
			posts.delete(key(`r${prng.int32(g, 0, 9)}`));
			return;
		case 3: {
			const list = posts.get(key('list'));
			if (list instanceof Y.Array) list.insert(prng.int32(g, 0, list.length), [value]);
			else device.write('list', Y.Array.from([value]));
			return;
		}
		case 4: {
			const list = posts.get(key('list'));
			if (list instanceof Y.Array && list.length > 0)
				list.delete(prng.int32(g, 0, list.length - 1));
			return;
		}
		case 5: {
			const text = posts.get(key('text'));
			if (!(text instanceof Y.Text)) device.write('text', new Y.Text('début'));
			else if (prng.bool(g) || text.length === 0)
				text.insert(prng.int32(g, 0, text.length), prng.word(g, 1, 5));
			else text.delete(prng.int32(g, 0, text.length - 1), 1);
			return;
		}
		default: {
			const map = posts.get(key('map'));
			if (map instanceof Y.Map) map.set(`f${prng.int32(g, 0, 4)}`, value);
			else device.write('map', new Y.Map([['f0', value]]));
		}
	}
}

export function deviceState(device: SyncClient): string {
	const { provider, acks, closes, refusals, written } = device;
	const last = acks.at(-1);
	return JSON.stringify({
		client: device.doc.clientID,
		connected: provider.wsconnected,
		synced: provider.synced,
		written: [...written],
		lastAck: last && [...last].filter(([client]) => written.has(client)),
		acks: acks.length,
		closes: closes.slice(-3),
		refusals
	});
}
