/**
 * Replicas editing offline and meeting in any order end with the same posts. fast-check prints
 * the seed and the shrunk operation list on failure; rerun with `{ seed }` to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as help from './commands';
import { readPosts } from './read';
import { memberId } from '../test-helpers';
import type { PostInput } from './types';

const REPLICAS = 4;
const members = Array.from({ length: REPLICAS }, (_, i) => memberId(`m${i}`));

type Op =
	| { type: 'create'; replica: number; title: string }
	| { type: 'edit'; replica: number; pick: number; title: string }
	| { type: 'toggle'; replica: number; pick: number }
	| { type: 'sync'; from: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		type: fc.constant('create' as const),
		replica: fc.nat(REPLICAS - 1),
		title: fc.string({ minLength: 1, maxLength: 12 })
	}),
	fc.record({
		type: fc.constant('edit' as const),
		replica: fc.nat(REPLICAS - 1),
		pick: fc.nat(),
		title: fc.string({ minLength: 1, maxLength: 12 })
	}),
	fc.record({
		type: fc.constant('toggle' as const),
		replica: fc.nat(REPLICAS - 1),
		pick: fc.nat()
	}),
	fc.record({
		type: fc.constant('sync' as const),
		from: fc.nat(REPLICAS - 1),
		to: fc.nat(REPLICAS - 1)
	})
);

const input = (title: string): PostInput => ({
	kind: 'offer',
	category: 'other',
	title: title.trim() || 'x',
	description: '',
	availability: '',
	area: ''
});

function syncOneWay(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('help posts converge', () => {
	it('after any interleaving of offline edits and partial syncs, full sync gives identical views', () => {
		fc.assert(
			fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
				const docs = members.map(() => new Y.Doc());
				let clock = 1;
				for (const o of ops) {
					if (o.type === 'sync') {
						syncOneWay(docs[o.from]!, docs[o.to]!);
						continue;
					}
					const doc = docs[o.replica]!;
					const me = members[o.replica]!;
					const mine = readPosts(doc).filter((p) => p.authorId === me);
					if (o.type === 'create') help.createPost(doc, me, input(o.title), clock++);
					else if (mine.length > 0) {
						const target = mine[o.pick % mine.length]!;
						if (o.type === 'edit') help.editPost(doc, me, target.key, input(o.title), clock++);
						else
							help.setPostStatus(
								doc,
								me,
								target.key,
								target.status === 'open' ? 'closed' : 'open',
								clock++
							);
					}
				}
				for (const a of docs) for (const b of docs) syncOneWay(a, b);
				const views = docs.map((d) => JSON.stringify(readPosts(d)));
				expect(new Set(views).size).toBe(1);
				// Every post is written only under its author's prefix.
				for (const p of readPosts(docs[0]!)) expect(p.key.startsWith(`${p.authorId}:`)).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});
