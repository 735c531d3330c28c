/**
 * The open board's session, looked up once by `src/routes/b/[id]/+layout.svelte` and handed to
 * every board page through Svelte's context, so pages no longer each ask the app for it.
 *
 * The context holds a getter, not the session: a context is set once, when the layout mounts,
 * while the layout outlives a change of board id (SvelteKit keeps it mounted from /b/A to /b/B).
 * The layout keys its pages on the session, so a page is mounted afresh for each session and
 * `getBoardSession()` — read once, while the page initialises — is never a stale board.
 */
import { getContext, hasContext, setContext } from 'svelte';
import type { BoardSession } from './board/session.svelte';

const KEY = Symbol('board-session');

/** Called by the board layout; `current` returns the open session (the layout renders pages only then). */
export function setBoardContext(current: () => BoardSession): void {
	setContext(KEY, current);
}

/** The session of the board this page belongs to; only inside `src/routes/b/[id]/`. */
export function getBoardSession(): BoardSession {
	if (!hasContext(KEY)) {
		throw new Error(
			'getBoardSession() was called outside a board page: only components under ' +
				'src/routes/b/[id]/+layout.svelte have a board session.'
		);
	}
	return getContext<() => BoardSession>(KEY)();
}
