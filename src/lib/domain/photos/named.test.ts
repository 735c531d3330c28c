/** Which photos a board still names: what the relay's sweep keeps (issue 19). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import { photosNamedBy } from './named';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the photos a board names', () => {
	it('are its spaces’ photos and its members’ profile photos, each once', () => {
		const doc = new Y.Doc();
		collection(doc, ROOT.spaces).set('host/s1', { photos: [hashOf('desk'), hashOf('window')] });
		collection(doc, ROOT.spaces).set('host/s2', { photos: [hashOf('desk')] });
		collection(doc, ROOT.members).set('host/profile', { name: 'Ana', photo: hashOf('ana') });
		collection(doc, ROOT.members).set('guest/profile', { name: 'Bo' });
		expect(photosNamedBy(doc)).toEqual(new Set([hashOf('desk'), hashOf('window'), hashOf('ana')]));
	});

	it('are read from records a reader would refuse for another field, and ignore what is not a hash', () => {
		const doc = new Y.Doc();
		collection(doc, ROOT.spaces).set('host/s1', {
			title: 42,
			schemaVersion: 99,
			photos: [hashOf('kept'), 'not-a-hash', hashOf('x').toUpperCase(), null]
		});
		collection(doc, ROOT.spaces).set('host/s2', { photos: hashOf('not-a-list') });
		collection(doc, ROOT.spaces).set('host/s3', null);
		collection(doc, ROOT.members).set('guest/profile', { photo: ['nested'] });
		expect(photosNamedBy(doc)).toEqual(new Set([hashOf('kept')]));
	});

	it('is empty for a board without spaces or photos', () => {
		expect(photosNamedBy(new Y.Doc()).size).toBe(0);
	});

	it('no longer names a photo once its space drops it', () => {
		const doc = new Y.Doc();
		const spaces = collection(doc, ROOT.spaces);
		spaces.set('host/s1', { photos: [hashOf('a'), hashOf('b')] });
		spaces.set('host/s1', { photos: [hashOf('b')] });
		expect(photosNamedBy(doc)).toEqual(new Set([hashOf('b')]));
	});
});
