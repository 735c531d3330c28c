/**
 * Every photo a board's records name (issue 19): the photos of its spaces and its members'
 * profile photos. The relay keeps a photo's bytes only while some record names it (its sweep,
 * sync-server/blobs/sweep.ts).
 *
 * Read from the raw records, not the validated ones: a record refused for another field (or
 * written by a newer app) still keeps its photos. Deleting bytes is the one step nobody can take
 * back, so anything that looks like a name counts.
 */
import type * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import { isPhotoHash } from './name';

export function photosNamedBy(doc: Y.Doc): Set<string> {
	const named = new Set<string>();
	collection(doc, ROOT.spaces).forEach((raw) => {
		const photos = (raw as { photos?: unknown } | null)?.photos;
		if (!Array.isArray(photos)) return;
		for (const hash of photos) if (isPhotoHash(hash)) named.add(hash);
	});
	collection(doc, ROOT.members).forEach((raw) => {
		const photo = (raw as { photo?: unknown } | null)?.photo;
		if (isPhotoHash(photo)) named.add(photo);
	});
	return named;
}
