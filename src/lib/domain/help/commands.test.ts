import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as help from './commands';
import { readPosts } from './read';
import { NotAuthorError, ValidationError } from '../errors';
import { FAKE_SEALED, memberId } from '../test-helpers';
import type { PostInput } from './types';

const alice = memberId('alice');
const bob = memberId('bob');
const input: PostInput = {
	kind: 'offer',
	category: 'computing',
	title: '  Aide informatique  ',
	description: 'Installer une imprimante',
	availability: 'le samedi',
	area: 'Bonnevoie'
};

describe('help post commands', () => {
	it('creates a post under the author’s key, trimmed and open', () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, input, 1000);
		expect(key.startsWith(`${alice}:`)).toBe(true);
		const [post] = readPosts(doc);
		expect(post).toMatchObject({
			key,
			authorId: alice,
			title: 'Aide informatique',
			status: 'open',
			createdAt: 1000,
			updatedAt: 1000
		});
	});

	it('refuses an empty or too long title with field codes', () => {
		const doc = new Y.Doc();
		expect(() => help.createPost(doc, alice, { ...input, title: '   ' }, 1)).toThrow(
			ValidationError
		);
		try {
			help.createPost(doc, alice, { ...input, title: 'x'.repeat(101), area: 'y'.repeat(101) }, 1);
		} catch (error) {
			expect((error as ValidationError).fields).toEqual({ title: 'tooLong', area: 'tooLong' });
		}
		expect(readPosts(doc)).toHaveLength(0);
	});

	it('lets the author edit and close, and nobody else', () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, input, 1000);
		help.editPost(doc, alice, key, { ...input, title: 'Aide PC' }, 2000);
		help.setPostStatus(doc, alice, key, 'closed', 3000);
		expect(() => help.editPost(doc, bob, key, { ...input, title: 'pirate' }, 4000)).toThrow(
			NotAuthorError
		);
		expect(() => help.setPostStatus(doc, bob, key, 'open', 4000)).toThrow(NotAuthorError);
		expect(readPosts(doc)[0]).toMatchObject({
			title: 'Aide PC',
			status: 'closed',
			createdAt: 1000,
			updatedAt: 3000
		});
	});

	it('keeps fields written by a newer client when editing', () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, input, 1000);
		const posts = doc.getMap('posts');
		posts.set(key, { ...(posts.get(key) as object), photoCount: 3 });
		help.editPost(doc, alice, key, { ...input, title: 'Nouveau titre' }, 2000);
		expect(posts.get(key)).toMatchObject({ photoCount: 3, title: 'Nouveau titre' });
	});

	it('stores the sealed contact for the author only, without marking the post edited', () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, input, 1000);
		expect(() => help.setPostContact(doc, bob, key, FAKE_SEALED)).toThrow(NotAuthorError);
		help.setPostContact(doc, alice, key, FAKE_SEALED);
		expect(readPosts(doc)[0]).toMatchObject({ contactSealed: FAKE_SEALED, updatedAt: 1000 });
		help.setPostContact(doc, alice, key, null);
		expect(readPosts(doc)[0]).toMatchObject({ contactSealed: null, updatedAt: 1000 });
	});

	it('does not write when the status is unchanged', () => {
		const doc = new Y.Doc();
		const key = help.createPost(doc, alice, input, 1000);
		let updates = 0;
		doc.on('update', () => updates++);
		help.setPostStatus(doc, alice, key, 'open', 2000);
		expect(updates).toBe(0);
	});
});
