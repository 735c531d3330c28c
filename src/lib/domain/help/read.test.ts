import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as help from './commands';
import { filterPosts, readPosts } from './read';
import type { InvalidRecord } from '../board/types';
import { memberId } from '../test-helpers';

const alice = memberId('alice');
const base = {
	kind: 'offer',
	category: 'diy',
	title: 'Perceuse',
	description: '',
	availability: '',
	area: ''
} as const;

describe('reading posts from a doc', () => {
	it('skips and reports invalid records instead of crashing', () => {
		const doc = new Y.Doc();
		const good = help.createPost(doc, alice, base, 5);
		const posts = doc.getMap('posts');
		posts.set(`${alice}:broken1`, { schemaVersion: 1, kind: 'offer', title: 42 });
		posts.set(`${alice}:broken2`, 'not an object');
		posts.set(`${alice}:broken3`, null);
		posts.set('no-author-prefix', {
			...base,
			schemaVersion: 1,
			status: 'open',
			createdAt: 1,
			updatedAt: 1
		});
		posts.set(`${alice}:broken4`, {
			...base,
			schemaVersion: 1,
			status: 'maybe',
			createdAt: 1,
			updatedAt: 1
		});
		const invalid: InvalidRecord[] = [];
		const read = readPosts(doc, invalid);
		expect(read.map((p) => p.key)).toEqual([good]);
		expect(invalid.map((i) => i.key).sort()).toEqual(
			[
				`${alice}:broken1`,
				`${alice}:broken2`,
				`${alice}:broken3`,
				`${alice}:broken4`,
				'no-author-prefix'
			].sort()
		);
	});

	it('shows an unknown category from a newer client as "other"', () => {
		const doc = new Y.Doc();
		doc.getMap('posts').set(`${alice}:future`, {
			...base,
			category: 'astrology',
			schemaVersion: 2,
			status: 'open',
			createdAt: 1,
			updatedAt: 1
		});
		expect(readPosts(doc)[0]?.category).toBe('other');
	});

	it('lists newest first with a deterministic tie-break', () => {
		const doc = new Y.Doc();
		const a = help.createPost(doc, alice, { ...base, title: 'A' }, 10);
		const b = help.createPost(doc, alice, { ...base, title: 'B' }, 20);
		const c = help.createPost(doc, alice, { ...base, title: 'C' }, 10);
		expect(readPosts(doc).map((p) => p.key)).toEqual([b, ...[a, c].sort()]);
	});

	it('filters by kind, category, status and accent-insensitive words', () => {
		const doc = new Y.Doc();
		help.createPost(
			doc,
			alice,
			{ ...base, kind: 'request', category: 'paperwork', title: 'Déclaration d’impôts' },
			1
		);
		const offer = help.createPost(doc, alice, { ...base, title: 'Prête perceuse' }, 2);
		help.setPostStatus(doc, alice, offer, 'closed', 3);
		const posts = readPosts(doc);
		expect(filterPosts(posts, { query: 'declaration impot' }).map((p) => p.title)).toEqual([
			'Déclaration d’impôts'
		]);
		expect(filterPosts(posts, { kind: 'offer' })).toHaveLength(0);
		expect(filterPosts(posts, { kind: 'offer', includeClosed: true })).toHaveLength(1);
		expect(filterPosts(posts, { category: 'paperwork' })).toHaveLength(1);
		expect(filterPosts(posts, { query: 'jardin' })).toHaveLength(0);
	});
});

describe('hostile timestamps', () => {
	it('skips a post dated beyond what a Date can hold', () => {
		const doc = new Y.Doc();
		doc.getMap('posts').set(`${alice}:far`, {
			...base,
			schemaVersion: 1,
			status: 'open',
			createdAt: 1e20,
			updatedAt: 1e20
		});
		const invalid: InvalidRecord[] = [];
		expect(readPosts(doc, invalid)).toEqual([]);
		expect(invalid).toHaveLength(1);
	});
});
