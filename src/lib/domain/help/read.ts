import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { firstIssue } from '../fields';
import { parseRecordKey } from '../ids';
import { readPrice } from '../pricing/terms';
import { searchWords } from '../text';
import type { Category, HelpPost, PostKind } from './types';
import { PostRecord } from './validate';

/** Every valid post, newest first. Invalid ones are reported in `invalid`, never thrown. */
export function readPosts(doc: Y.Doc, invalid: InvalidRecord[] = []): HelpPost[] {
	const posts: HelpPost[] = [];
	collection(doc, ROOT.posts).forEach((raw, key) => {
		const parsed = parseRecordKey(key);
		if (!parsed) {
			invalid.push({ collection: ROOT.posts, key, reason: 'bad key' });
			return;
		}
		const result = v.safeParse(PostRecord, raw);
		if (!result.success) {
			invalid.push({ collection: ROOT.posts, key, reason: firstIssue(result) });
			return;
		}
		const r = result.output;
		posts.push({
			key,
			authorId: parsed.authorId,
			kind: r.kind,
			title: r.title,
			description: r.description,
			category: r.category,
			availability: r.availability,
			area: r.area,
			status: r.status,
			contactSealed: r.contactSealed,
			listed: r.listed,
			price: readPrice(r.price),
			createdAt: r.createdAt,
			updatedAt: r.updatedAt
		});
	});
	// Ties broken by key so every replica shows the same order.
	return posts.sort((a, b) => b.createdAt - a.createdAt || (a.key < b.key ? -1 : 1));
}

export interface PostFilter {
	kind?: PostKind | '';
	category?: Category | '';
	query?: string;
	includeClosed?: boolean;
}

export function postWords(
	post: Pick<HelpPost, 'title' | 'description' | 'area' | 'availability'>
): string[] {
	return searchWords(post.title, post.description, post.area, post.availability);
}

/** Matches when every query word is a prefix of some word of the post. */
export function matchesQuery(words: readonly string[], query: string): boolean {
	const wanted = searchWords(query);
	return wanted.every((w) => words.some((word) => word.startsWith(w)));
}

export function filterPosts(posts: readonly HelpPost[], filter: PostFilter): HelpPost[] {
	return posts.filter(
		(p) =>
			(!filter.kind || p.kind === filter.kind) &&
			(!filter.category || p.category === filter.category) &&
			(filter.includeClosed || p.status === 'open') &&
			(!filter.query || matchesQuery(postWords(p), filter.query))
	);
}
