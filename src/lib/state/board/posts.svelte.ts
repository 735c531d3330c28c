/**
 * Help posts (offers and requests) I can see: not by a removed member, not by someone I block,
 * not hidden by an admin (unless mine: I see why). A big board holds thousands of posts, so this
 * is the one feature that must not re-read for a profile or rating change (its inputs say so).
 */
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import * as help from '$lib/domain/help/commands';
import { readPosts } from '$lib/domain/help/read';
import type { HelpPost, PostInput, PostStatus } from '$lib/domain/help/types';
import { readPrice } from '$lib/domain/pricing/terms';
import type { PostIndexRow } from '$lib/persistence/db';
import { newestPosts } from '$lib/persistence/post-projection';
import type { BoardFeature } from './feature';
import type { ModerationFeature } from './moderation.svelte';
import type { BoardScope } from './scope';

/** As many as the board page shows at first. */
const PREVIEW_SIZE = 30;

export class PostsFeature implements BoardFeature {
	readonly name = 'posts';
	readonly inputs = [ROOT.posts];
	readonly uses: readonly [ModerationFeature];
	readonly timed = false;

	list = $state.raw<readonly HelpPost[]>([]);
	/** Posts an admin hid from me (not mine): admins still need their titles to review them. */
	hidden = $state.raw<readonly HelpPost[]>([]);
	/**
	 * The newest posts from the search projection, shown (read-only) while a big board's doc is
	 * still loading: a phone shows something in a blink even for thousands of posts.
	 */
	preview = $state.raw<readonly HelpPost[]>([]);

	constructor(
		private readonly scope: BoardScope,
		private readonly moderation: ModerationFeature
	) {
		this.uses = [moderation];
	}

	/** Reads the preview from the search projection; dropped once the doc is loaded. */
	loadPreview(): void {
		const { db, boardId } = this.scope;
		this.scope.track(
			newestPosts(db, boardId, PREVIEW_SIZE).then((rows) => {
				if (!this.scope.loaded) this.preview = rows.map(previewPost);
			})
		);
	}

	dropPreview(): void {
		this.preview = [];
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		const { removed, myBlocks } = this.moderation;
		const me = this.scope.me;
		// A post an admin hid stays visible to its author, who sees why (postHidden).
		const hidden = (p: HelpPost) => p.authorId !== me && this.moderation.isHidden('posts', p.key);
		const shown = readPosts(this.scope.doc, invalid).filter(
			(p) => !removed.has(p.authorId) && !myBlocks.has(p.authorId)
		);
		this.list = shown.filter((p) => !hidden(p));
		this.hidden = shown.filter(hidden);
		return invalid;
	}

	byKey(key: string): HelpPost | undefined {
		return this.list.find((p) => p.key === key);
	}

	create(input: PostInput): string {
		const { doc, me, origin } = this.scope;
		return help.createPost(doc, me, input, Date.now(), origin);
	}

	edit(key: string, input: PostInput): void {
		const { doc, me, origin } = this.scope;
		help.editPost(doc, me, key, input, Date.now(), origin);
	}

	setStatus(key: string, status: PostStatus): void {
		const { doc, me, origin } = this.scope;
		help.setPostStatus(doc, me, key, status, Date.now(), origin);
	}
}

function previewPost(row: PostIndexRow): HelpPost {
	return {
		key: row.key,
		authorId: row.key.split(':', 1)[0] ?? '',
		kind: row.kind as HelpPost['kind'],
		category: row.category as HelpPost['category'],
		title: row.title,
		description: row.description,
		availability: '',
		area: row.area,
		status: row.status as HelpPost['status'],
		contactSealed: null,
		listed: false,
		price: readPrice(row.price),
		createdAt: row.createdAt,
		updatedAt: row.createdAt
	};
}
