import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoardState, replaceBoardState, writeBoardState } from './board-doc';

function docWith(key: string, value: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('posts').set(key, { title: value });
	return Y.encodeStateAsUpdate(doc);
}

function content(state: Uint8Array): unknown {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc.getMap('posts').toJSON();
}

describe('replaceBoardState', () => {
	it('leaves only the new state, where a write would have merged both', async () => {
		await writeBoardState('board-a', docWith('a:1', 'importé'));
		await writeBoardState('board-a', docWith('a:2', 'hors ligne'));
		expect(Object.keys(content(await readBoardState('board-a')) as object).sort()).toEqual([
			'a:1',
			'a:2'
		]);
		await replaceBoardState('board-a', docWith('b:1', 'confirmé'));
		expect(content(await readBoardState('board-a'))).toEqual({ 'b:1': { title: 'confirmé' } });
	});

	it('stores a board that had nothing stored yet', async () => {
		await replaceBoardState('board-new', docWith('c:1', 'neuf'));
		expect(content(await readBoardState('board-new'))).toEqual({ 'c:1': { title: 'neuf' } });
	});
});
