/**
 * Upkeep service: the search index in Dexie (posts and upcoming slots across my boards, and the
 * board's name, city and my admin role, read before the doc is) follows this board's posts and cowork states. It
 * writes only after those changed, once a burst of updates has settled.
 */
import { projectBoardPosts } from '$lib/persistence/post-projection';
import { projectBoardSlots } from '$lib/persistence/slot-projection';
import { updateBoardCache } from '$lib/persistence/board-store';
import type { BoardInfoFeature } from './board-info.svelte';
import type { CoworkFeature } from './cowork.svelte';
import type { BoardFeature } from './feature';
import type { MembersFeature } from './members.svelte';
import type { ModerationFeature } from './moderation.svelte';
import type { PostsFeature } from './posts.svelte';
import type { BoardScope } from './scope';
import type { UpkeepService } from './upkeep';

export interface SearchProjection extends UpkeepService {
	/** These features were refreshed: project them on the next run if they are its inputs. */
	noteRefreshed(features: Iterable<BoardFeature>): void;
}

export function searchProjectionService(
	scope: BoardScope,
	parts: {
		board: BoardInfoFeature;
		members: MembersFeature;
		moderation: ModerationFeature;
		posts: PostsFeature;
		cowork: CoworkFeature;
	}
): SearchProjection {
	const { board, members, moderation, posts, cowork } = parts;
	const inputs = new Set<BoardFeature>([board, moderation, posts, cowork]);
	let due = false;
	return {
		name: 'search-projection',
		noteRefreshed(features) {
			for (const feature of features) if (inputs.has(feature)) due = true;
		},
		async run() {
			const info = board.info;
			if (!due || !info) return;
			due = false;
			const { db, boardId } = scope;
			await Promise.all([
				projectBoardPosts(db, {
					boardId,
					boardName: info.name,
					posts: posts.list,
					authorName: (id) => members.nameOf(id)
				}),
				projectBoardSlots(db, { boardId, boardName: info.name, cowork: cowork.snapshot }),
				updateBoardCache(db, boardId, info.name, info.city, moderation.isAdmin)
			]);
		}
	};
}
