/**
 * The photos of a board's spaces as object URLs (issue 19): from this phone's copy (IndexedDB,
 * persistence/photo-cache.ts) first, otherwise from the relay with a member's signed call, checked
 * against their hash and type, then kept for offline. A photo that cannot be had (offline and not
 * kept yet, refused, gone, not a photo) is `missing`: the page shows a calm placeholder, and the
 * next `show` (back online, the list changed) tries it again.
 */
import { photoHash } from '$lib/domain/photos/hash';
import { sniffPhotoType } from '$lib/domain/photos/rules';
import type { QuartierDb } from '$lib/persistence/db';
import { getPhoto, MY_PHOTO_BOARD, putPhoto } from '$lib/persistence/photo-cache';
import type { BlobApi } from '$lib/sync/blob-api';
import type { DeviceSigner } from '$lib/sync/signed-calls';

export type PhotoView =
	{ state: 'loading' } | { state: 'ready'; url: string } | { state: 'missing' };

export interface PhotoDeps {
	db: QuartierDb;
	api: BlobApi;
	boardId: string;
	/** This device as a signer, or null without an identity. */
	signer(): DeviceSigner | null;
	online(): boolean;
}

export class PhotoLoader {
	/** By hash; absent until first shown. */
	views = $state.raw<Record<string, PhotoView>>({});
	private readonly urls = new Map<string, string>();
	private readonly loading = new Set<string>();
	private closed = false;

	constructor(private readonly deps: PhotoDeps) {}

	/** Loads every hash not shown yet, missing ones included. */
	show(hashes: readonly string[]): void {
		for (const hash of hashes) {
			if (!this.urls.has(hash) && !this.loading.has(hash)) void this.load(hash);
		}
	}

	/** Bytes this phone just encoded and uploaded: kept and shown without fetching them back. */
	async remember(hash: string, bytes: Uint8Array, type: string): Promise<void> {
		await this.keep(hash, bytes, type);
		this.ready(hash, bytes, type);
	}

	destroy(): void {
		this.closed = true;
		for (const url of this.urls.values()) URL.revokeObjectURL(url);
		this.urls.clear();
	}

	private async load(hash: string): Promise<void> {
		const { db, api, boardId } = this.deps;
		this.loading.add(hash);
		if (this.views[hash] === undefined) this.set(hash, { state: 'loading' });
		try {
			// My own profile photo is on this phone from the start, before the relay has it: its
			// copy is shown, not kept for this board (a board's row means its relay has the bytes).
			const kept =
				(await getPhoto(db, boardId, hash)) ?? (await getPhoto(db, MY_PHOTO_BOARD, hash));
			if (kept) return this.ready(hash, kept.bytes, kept.type);
			const signer = this.deps.signer();
			if (signer === null || !this.deps.online()) return this.set(hash, { state: 'missing' });
			const { bytes } = await api.get(signer, boardId, hash);
			const type = sniffPhotoType(bytes);
			// The relay is not trusted with the bytes either: the name must match them.
			if (type === null || (await photoHash(bytes)) !== hash) {
				return this.set(hash, { state: 'missing' });
			}
			await this.keep(hash, bytes, type);
			this.ready(hash, bytes, type);
		} catch {
			this.set(hash, { state: 'missing' });
		} finally {
			this.loading.delete(hash);
		}
	}

	/** Kept for offline; a full or failing IndexedDB only means it is fetched again next time. */
	private async keep(hash: string, bytes: Uint8Array, type: string): Promise<void> {
		await putPhoto(this.deps.db, { boardId: this.deps.boardId, hash, bytes, type }).catch(() => {});
	}

	private ready(hash: string, bytes: Uint8Array, type: string): void {
		if (this.closed || this.urls.has(hash)) return;
		const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
		this.urls.set(hash, url);
		this.set(hash, { state: 'ready', url });
	}

	private set(hash: string, view: PhotoView): void {
		if (!this.closed) this.views = { ...this.views, [hash]: view };
	}
}
