/**
 * The photo loader against a real (fake-indexeddb) Dexie and a stand-in relay: kept photos show
 * without the network, fetched ones are checked against their name before they are kept, and a
 * photo that cannot be had is `missing` until a later `show` can fetch it.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { photoHash } from '$lib/domain/photos/hash';
import { openDb, type QuartierDb } from '$lib/persistence/db';
import { getPhoto } from '$lib/persistence/photo-cache';
import { BlobApiError, type BlobApi } from '$lib/sync/blob-api';
import type { DeviceSigner } from '$lib/sync/signed-calls';
import { PhotoLoader } from './photo-loader.svelte';

const BOARD = 'board-1';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const SIGNER = { memberId: 'm' } as DeviceSigner;
let db: QuartierDb;
let dbs = 0;

beforeEach(() => {
	db = openDb(`photo-loader-${++dbs}`);
});
afterEach(async () => {
	db.close();
	await db.delete();
});

function loaderWith(relay: Map<string, Uint8Array>, online = { now: true }) {
	const get = vi.fn(async (_signer: DeviceSigner, _board: string, hash: string) => {
		const bytes = relay.get(hash);
		if (!bytes) throw new BlobApiError('not-found');
		return { bytes, type: 'image/jpeg' };
	});
	const api = { get } as unknown as BlobApi;
	const loader = new PhotoLoader({
		db,
		api,
		boardId: BOARD,
		signer: () => SIGNER,
		online: () => online.now
	});
	return { loader, get };
}

const settled = (loader: PhotoLoader, hash: string) =>
	vi.waitUntil(() => {
		const view = loader.views[hash];
		return view !== undefined && view.state !== 'loading';
	});

describe('the photo loader', () => {
	it('fetches a photo once, keeps it, and shows it offline from then on', async () => {
		const hash = await photoHash(JPEG);
		const online = { now: true };
		const first = loaderWith(new Map([[hash, JPEG]]), online);
		first.loader.show([hash]);
		await settled(first.loader, hash);
		expect(first.loader.views[hash]?.state).toBe('ready');
		expect((await getPhoto(db, BOARD, hash))?.bytes).toEqual(JPEG);

		online.now = false;
		const later = loaderWith(new Map(), online);
		later.loader.show([hash]);
		await settled(later.loader, hash);
		expect(later.loader.views[hash]?.state).toBe('ready');
		expect(later.get).not.toHaveBeenCalled();
		first.loader.destroy();
		later.loader.destroy();
	});

	it('refuses bytes that do not match their name or are not a photo, and keeps nothing', async () => {
		const hash = await photoHash(JPEG);
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
		const relay = new Map([
			[hash, new Uint8Array([...JPEG, 9])],
			[await photoHash(png), png]
		]);
		const { loader } = loaderWith(relay);
		const names = [...relay.keys()];
		loader.show(names);
		for (const name of names) {
			await settled(loader, name);
			expect(loader.views[name]?.state).toBe('missing');
			expect(await getPhoto(db, BOARD, name)).toBeUndefined();
		}
		loader.destroy();
	});

	it('shows a missing photo as missing offline, and loads it on a later show once online', async () => {
		const hash = await photoHash(JPEG);
		const online = { now: false };
		const { loader, get } = loaderWith(new Map([[hash, JPEG]]), online);
		loader.show([hash]);
		await settled(loader, hash);
		expect(loader.views[hash]?.state).toBe('missing');
		expect(get).not.toHaveBeenCalled();
		online.now = true;
		loader.show([hash]);
		await vi.waitUntil(() => loader.views[hash]?.state === 'ready');
		loader.destroy();
	});
});
