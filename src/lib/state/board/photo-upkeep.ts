/**
 * Upkeep: my profile photo's bytes reach this board's blob store (issue 19). My member record
 * carries the photo's hash as soon as I set it (publish-profile does not wait for the network);
 * the bytes follow here, once online, and until then members see my initials. Tiny on purpose:
 * the upload code (state/photos/share-profile-photo.ts) is imported only by a member with a photo,
 * so none of it is in the board page's first load.
 */
import type { BoardScope } from './scope';
import type { UpkeepService } from './upkeep';

/** After a failed upload (relay busy, my profile not there yet), wait this long: the board's
 * minute tick (session.svelte.ts) runs upkeep again, online or not. */
const RETRY_MS = 50_000;

export function shareProfilePhotoService(
	scope: BoardScope,
	relayUrl: string,
	isOnline: () => boolean
): UpkeepService {
	let shared: string | null = null;
	let retryAt = 0;
	return {
		name: 'share-profile-photo',
		async run() {
			const hash = scope.identity.photo ?? null;
			if (hash === null || hash === shared || !isOnline() || Date.now() < retryAt) return;
			const { shareProfilePhoto } = await import('../photos/share-profile-photo');
			const target = { db: scope.db, relayUrl, boardId: scope.boardId, identity: scope.identity };
			try {
				if (await shareProfilePhoto(target, hash)) shared = hash;
				else retryAt = Date.now() + RETRY_MS;
			} catch {
				// Not the user's to fix: the record is already published, the bytes come next time.
				retryAt = Date.now() + RETRY_MS;
			}
		}
	};
}
