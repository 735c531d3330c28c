/** The loader and the adder of one space's photos, wired to the app and the open board. */
import type { AppState } from '../app.svelte';
import type { BoardSession } from '../board/session.svelte';
import { deviceSigner } from '../device-signer';
import { BlobApi } from '$lib/sync/blob-api';
import { PhotoAdder } from './photo-adder.svelte';
import { PhotoLoader, type PhotoDeps } from './photo-loader.svelte';

export function photoServices(
	app: AppState,
	session: BoardSession,
	boardId: string,
	spaceKey: string
): { loader: PhotoLoader; adder: PhotoAdder } {
	const deps: PhotoDeps = {
		db: app.db,
		api: new BlobApi(app.relayUrl),
		boardId,
		signer: () => (app.identity ? deviceSigner(app.identity) : null),
		online: () => app.online
	};
	const loader = new PhotoLoader(deps);
	const adder = new PhotoAdder({
		...deps,
		loader,
		current: () => session.cowork.snapshot?.spaces.get(spaceKey)?.photos ?? null,
		save: (photos) => session.cowork.setSpacePhotos(spaceKey, photos)
	});
	return { loader, adder };
}
