/**
 * A host adding photos to a space (issue 19): each picked file is checked, re-encoded on the phone
 * (encode-photo.ts, loaded only now), named by its hash, uploaded, kept for offline, and only then
 * added to the space's record, so no member is ever pointed at a photo the relay lacks. Offline,
 * nothing is queued: the picker says a photo needs the network (it must reach the relay before it
 * can be attached) and nothing is lost, the file is still on the phone.
 */
import { RuleError } from '$lib/domain/errors';
import { photoHash } from '$lib/domain/photos/hash';
import { withPhoto } from '$lib/domain/photos/photo-list';
import { pickedFileRefusal } from '$lib/domain/photos/rules';
import type { PhotoDeps, PhotoLoader } from './photo-loader.svelte';
import { PhotoError, photoErrorOf, type PhotoErrorCode } from './photo-error';

export interface PhotoAdderDeps extends PhotoDeps {
	loader: PhotoLoader;
	/** The space's photos as they are now (null: the space is gone). */
	current(): readonly string[] | null;
	save(photos: string[]): void;
}

export type AddStep = 'encoding' | 'uploading';

export class PhotoAdder {
	step = $state<AddStep | null>(null);
	/** 1-based: the photo being added, of `total`. */
	index = $state(0);
	total = $state(0);
	error = $state<PhotoErrorCode | null>(null);
	/** Photos added by the last `add`. */
	added = $state(0);

	constructor(private readonly deps: PhotoAdderDeps) {}

	get busy(): boolean {
		return this.step !== null;
	}

	/** Adds the files in turn; stops at the first that cannot be added and says why. */
	async add(files: readonly File[]): Promise<void> {
		if (this.busy || files.length === 0) return;
		this.error = null;
		this.added = 0;
		this.total = files.length;
		try {
			for (const [i, file] of files.entries()) {
				this.index = i + 1;
				await this.addOne(file);
				this.added++;
			}
		} catch (error) {
			this.error = photoErrorOf(error).code;
		} finally {
			this.step = null;
		}
	}

	private async addOne(file: File): Promise<void> {
		const { deps } = this;
		const refusal = pickedFileRefusal(file, deps.current()?.length ?? 0);
		if (refusal) throw new PhotoError(refusal);
		const signer = deps.signer();
		if (signer === null) throw new PhotoError('not-a-member');
		if (!deps.online()) throw new PhotoError('offline');
		this.step = 'encoding';
		const { encodePhoto } = await import('./encode-photo');
		const { bytes, type } = await encodePhoto(file);
		const hash = await photoHash(bytes);
		this.step = 'uploading';
		await deps.api.put(signer, deps.boardId, hash, bytes);
		await deps.loader.remember(hash, bytes, type);
		try {
			deps.save(withPhoto(deps.current() ?? [], hash));
		} catch (error) {
			if (error instanceof RuleError && error.code === 'photosFull') {
				throw new PhotoError('too-many');
			}
			throw error;
		}
	}
}
