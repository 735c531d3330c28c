/** The photo loader of a board, and the adder of one space's photos, wired to the app. */
import type { AppState } from '../app.svelte';
import type { BoardSession } from '../board/session.svelte';
import { deviceSigner } from '../device-signer';
import { BlobApi } from '$lib/sync/blob-api';
import { PhotoAdder } from './photo-adder.svelte';
import { PhotoLoader, type PhotoDeps } from './photo-loader.svelte';

function photoDeps(app: AppState, boardId: string): PhotoDeps {
	return {
		db: app.db,
		api: new BlobApi(app.relayUrl),
		boardId,
		signer: () => (app.identity ? deviceSigner(app.identity) : null),
		online: () => app.online
	};
}

/** Photos of one board (its spaces', its members'), kept for offline. */
export function boardPhotoLoader(app: AppState, boardId: string): PhotoLoader {
	return new PhotoLoader(photoDeps(app, boardId));
}

export function photoServices(
	app: AppState,
	session: BoardSession,
	boardId: string,
	spaceKey: string
): { loader: PhotoLoader; adder: PhotoAdder } {
	const deps = photoDeps(app, boardId);
	const loader = new PhotoLoader(deps);
	const adder = new PhotoAdder({
		...deps,
		loader,
		current: () => session.cowork.snapshot?.spaces.get(spaceKey)?.photos ?? null,
		save: (photos) => session.cowork.setSpacePhotos(spaceKey, photos)
	});
	return { loader, adder };
}
