/** Posts state their terms and whether they show in the city directory (issue 16). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as help from './commands';
import { readPosts } from './read';
import { ValidationError } from '../errors';
import { memberId } from '../test-helpers';
import { BLANK_POST, postInputOf, type PostInput } from './types';

const alice = memberId('alice');
const offer: PostInput = { ...BLANK_POST, title: 'Aide informatique' };

const fieldsOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		if (error instanceof ValidationError) return error.fields;
		throw error;
	}
	return {};
};

describe('post terms and directory flag', () => {
	it('writes the terms and the directory flag the author chose', () => {
		const doc = new Y.Doc();
		help.createPost(
			doc,
			alice,
			{ ...offer, price: { kind: 'hourly', euros: '15' }, listed: true },
			1000
		);
		expect(readPosts(doc)[0]).toMatchObject({
			price: { kind: 'hourly', cents: 1500 },
			listed: true
		});
	});

	it('is unlisted with no terms when the input states none', () => {
		const doc = new Y.Doc();
		const { price: _price, listed: _listed, ...bare } = offer;
		help.createPost(doc, alice, bare, 1000);
		expect(readPosts(doc)[0]).toMatchObject({ price: null, listed: false });
	});

	it('drops the amount of terms that have none, and keeps stored terms on an edit without them', () => {
		const doc = new Y.Doc();
		const key = help.createPost(
			doc,
			alice,
			{ ...offer, price: { kind: 'exchange', euros: '12' }, listed: true },
			1000
		);
		expect(doc.getMap('posts').get(key)).toMatchObject({ price: { kind: 'exchange' } });
		const { price: _price, listed: _listed, ...bare } = offer;
		help.editPost(doc, alice, key, { ...bare, title: 'Aide PC' }, 2000);
		expect(readPosts(doc)[0]).toMatchObject({
			title: 'Aide PC',
			price: { kind: 'exchange' },
			listed: true
		});
		help.editPost(
			doc,
			alice,
			key,
			{ ...offer, price: { kind: 'fixed', euros: '20,50' }, listed: false },
			3000
		);
		expect(readPosts(doc)[0]).toMatchObject({
			price: { kind: 'fixed', cents: 2050 },
			listed: false
		});
	});

	it('refuses a missing, malformed or too high amount with a price code', () => {
		const doc = new Y.Doc();
		const withPrice = (euros: string): PostInput => ({
			...offer,
			price: { kind: 'fixed', euros }
		});
		expect(fieldsOf(() => help.createPost(doc, alice, withPrice(' '), 1))).toEqual({
			price: 'required'
		});
		expect(fieldsOf(() => help.createPost(doc, alice, withPrice('quinze'), 1))).toEqual({
			price: 'notAnAmount'
		});
		expect(fieldsOf(() => help.createPost(doc, alice, withPrice('0'), 1))).toEqual({
			price: 'notAnAmount'
		});
		expect(fieldsOf(() => help.createPost(doc, alice, withPrice('10000,01'), 1))).toEqual({
			price: 'tooHigh'
		});
		expect(readPosts(doc)).toHaveLength(0);
	});

	it('gives the edit form the stored terms back', () => {
		const doc = new Y.Doc();
		help.createPost(
			doc,
			alice,
			{ ...offer, price: { kind: 'hourly', euros: '12,5' }, listed: true },
			1000
		);
		const post = readPosts(doc)[0]!;
		expect(postInputOf(post)).toMatchObject({
			title: 'Aide informatique',
			price: { kind: 'hourly', euros: '12.50' },
			listed: true
		});
	});
});
