/** Honest members for the adversary: records of every shape, edits, deletions, offline spells. */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { POSTS, waitFor, type SyncClient } from '../clients';

/** A plain record, a nested text, map and array, and one created and deleted (GC on its client). */
export function writeRecordsOfEveryShape(client: SyncClient): void {
	client.write('plain', { title: 'Perceuse à prêter' });
	const text = new Y.Text();
	client.write('text', text);
	text.insert(0, 'bonjour');
	const map = new Y.Map<unknown>();
	client.write('map', map);
	map.set('seats', 2);
	const list = new Y.Array<number>();
	client.write('list', list);
	list.push([1, 2, 3]);
	const gone = new Y.Map<unknown>();
	client.write('gone', gone);
	gone.set('x', 1);
	client.doc.getMap(POSTS).delete(client.member.key('gone'));
}

/** One honest edit of the member's own data: the shapes forged structs aim at. */
export function honestEdit(gen: prng.PRNG, client: SyncClient): void {
	const posts = client.doc.getMap(POSTS);
	const own = <T>(id: string) => posts.get(client.member.key(id)) as T | undefined;
	const text = own<Y.Text>('text');
	const map = own<Y.Map<unknown>>('map');
	const list = own<Y.Array<number>>('list');
	switch (prng.int32(gen, 0, 6)) {
		case 0:
			if (text instanceof Y.Text)
				text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 3));
			return;
		case 1:
			if (text instanceof Y.Text && text.length > 1)
				text.delete(prng.int32(gen, 0, text.length - 1), 1);
			return;
		case 2:
			if (map instanceof Y.Map) map.set(prng.oneOf(gen, ['seats', 'note']), prng.int32(gen, 0, 99));
			return;
		case 3:
			if (list instanceof Y.Array)
				list.insert(prng.int32(gen, 0, list.length), [prng.int32(gen, 0, 9)]);
			return;
		case 4:
			posts.delete(client.member.key(`r${prng.int32(gen, 0, 3)}`));
			return;
		default:
			client.write(`r${prng.int32(gen, 0, 3)}`, { v: prng.int32(gen, 0, 1000) });
	}
}

/**
 * A few edits, sometimes made offline and sent back in the next handshake's sync step 2 (with the
 * member's whole delete set); resolves once the relay acknowledged them all.
 */
export async function honestRound(gen: prng.PRNG, client: SyncClient): Promise<void> {
	const offline = prng.int32(gen, 0, 3) === 0;
	if (offline) client.provider.disconnect();
	for (let n = prng.int32(gen, 1, 3); n > 0; n--) honestEdit(gen, client);
	if (offline) client.provider.connect();
	await waitFor(
		() => (client.provider.synced && client.isAcked()) || client.refusals.length > 0,
		'an honest member’s edits acknowledged'
	);
}
