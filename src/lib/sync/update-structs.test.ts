/**
 * Only the one form Yjs writes is read: bytes that Yjs's two readers would understand differently
 * (a client written twice, an empty second run, trailing bytes, an info byte with stray bits) are
 * refused before anything is judged, while everything Yjs's own encoder writes reads back.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeCanonicalV1 } from './update-structs';

/** A run of `count` map entries `posts[key] = 1` for `client` from `clock`. */
function writeRun(e: encoding.Encoder, client: number, clock: number, count: number): void {
	encoding.writeVarUint(e, count);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, clock);
	for (let i = 0; i < count; i++) {
		encoding.writeUint8(e, 8 | 0x20); // ContentAny, parentSub follows
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, 'posts');
		encoding.writeVarString(e, `m:k${clock + i}`);
		encoding.writeVarUint(e, 1);
		encoding.writeAny(e, 1);
	}
}

function update(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

const problem = (bytes: Uint8Array) => ('problem' in decodeCanonicalV1(bytes) ? 'refused' : 'read');

describe('canonical V1 updates', () => {
	it('reads whatever Yjs writes: maps, nested types, text, deletions, diffs, merges', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		const posts = doc.getMap('posts');
		posts.set('m:a', { title: 'vélo', n: 1.5, big: 2 ** 40, list: [1, 'x', null] });
		posts.set('m:a', { title: 'autre' });
		const text = new Y.Text();
		posts.set('m:t', text);
		text.insert(0, 'bonjour 👋');
		text.format(0, 3, { bold: true });
		text.delete(2, 2);
		const map = new Y.Map<unknown>();
		posts.set('m:m', map);
		map.set('seats', 2);
		posts.delete('m:m');
		const sv = Y.encodeStateVector(doc);
		posts.set('m:b', new Uint8Array([1, 2]));
		const all = [
			...updates,
			Y.encodeStateAsUpdate(doc),
			Y.encodeStateAsUpdate(doc, sv),
			Y.mergeUpdates(updates)
		];
		expect(all.map(problem)).toEqual(all.map(() => 'read'));
	});

	it('refuses a client written twice, an empty second run, trailing bytes and stray info bits', () => {
		const twice = update((e) => {
			encoding.writeVarUint(e, 3);
			writeRun(e, 7, 0, 1);
			writeRun(e, 8, 0, 1);
			writeRun(e, 7, 1, 1);
			encoding.writeVarUint(e, 0);
		});
		const emptied = update((e) => {
			encoding.writeVarUint(e, 2);
			writeRun(e, 7, 0, 2);
			writeRun(e, 7, 2, 0);
			encoding.writeVarUint(e, 0);
		});
		const good = update((e) => {
			encoding.writeVarUint(e, 1);
			writeRun(e, 7, 0, 1);
			encoding.writeVarUint(e, 0);
		});
		const trailing = Uint8Array.from([...good, 0]);
		const strayGcBits = update((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 7);
			encoding.writeVarUint(e, 0);
			encoding.writeUint8(e, 0x80); // a GC to both readers, but not how Yjs writes one
			encoding.writeVarUint(e, 3);
			encoding.writeVarUint(e, 0);
		});
		expect([good, twice, emptied, trailing, strayGcBits].map(problem)).toEqual([
			'read',
			'refused',
			'refused',
			'refused',
			'refused'
		]);
	});
});
