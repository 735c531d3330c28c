/**
 * My profile photo reaching one board (issue 19): blobs are per board, readable only by its
 * members, so each board I am on gets its own upload. A row of this board in `photoBlobs` means
 * its relay has the bytes (rows are written only after a PUT or a GET succeeded), so a board is
 * uploaded to once. Loaded with `import()`: only a member with a photo ever runs this.
 */
import type { QuartierDb, StoredIdentity } from '$lib/persistence/db';
import { findPhoto, getPhoto, MY_PHOTO_BOARD, putPhoto } from '$lib/persistence/photo-cache';
import { BlobApi } from '$lib/sync/blob-api';
import { deviceSigner } from '../device-signer';

export interface ShareTarget {
	db: QuartierDb;
	relayUrl: string;
	boardId: string;
	identity: StoredIdentity;
}

/**
 * Uploads my photo `hash` to the board unless its relay has it already. False when this device
 * does not hold the bytes (another of my devices set it and no board has shown it here yet).
 * Relay refusals throw (`BlobApiError`): the caller tries again later. Setting a photo forgets
 * these rows first (`forgetBoardCopies`): the relay deletes bytes no record names
 * (sync-server/blobs/sweep.ts), so a photo I removed and pick again may be gone there.
 */
export async function shareProfilePhoto(target: ShareTarget, hash: string): Promise<boolean> {
	const { db, relayUrl, boardId, identity } = target;
	if (await getPhoto(db, boardId, hash)) return true;
	const kept = (await getPhoto(db, MY_PHOTO_BOARD, hash)) ?? (await findPhoto(db, hash));
	if (!kept) return false;
	await new BlobApi(relayUrl).put(deviceSigner(identity), boardId, hash, kept.bytes);
	await putPhoto(db, { boardId, hash, bytes: kept.bytes, type: kept.type });
	return true;
}
