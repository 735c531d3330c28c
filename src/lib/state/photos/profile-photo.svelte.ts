/**
 * My profile photo, on the profile page (issue 19). A picked or taken picture is cut square and
 * re-encoded on the phone (encode-photo.ts, imported at the first pick: pixels only, so no EXIF
 * and no GPS), named by its hash and kept on this device (`MY_PHOTO_BOARD`). Online, it is first
 * uploaded to the blob store of each of my boards, and only then set in my identity, which each
 * board's publish-profile upkeep writes, signed, into my member record. Offline, or for a board
 * the upload did not reach, the record is published at once without waiting and the bytes follow
 * (state/board/photo-upkeep.ts); until then members there see my initials. Removal (confirmed by
 * the page) publishes my record without a photo.
 *
 * At onboarding there is no identity yet: a picked photo is only kept on this device (`kept`),
 * and `adopt()` names it in the identity the welcome page has just created; the boards I then
 * join get its bytes from the upkeep.
 */
import { photoHash } from '$lib/domain/photos/hash';
import { PHOTO_LIMITS, pickedFileRefusal } from '$lib/domain/photos/rules';
import { updatePhoto } from '$lib/persistence/identity-store';
import {
	deletePhoto,
	findPhoto,
	forgetBoardCopies,
	getPhoto,
	MY_PHOTO_BOARD,
	putPhoto
} from '$lib/persistence/photo-cache';
import type { AppState } from '../app.svelte';
import {
	boardsWithFullStorage,
	PhotoError,
	photoErrorOf,
	type PhotoErrorCode
} from './photo-error';
import { shareProfilePhoto } from './share-profile-photo';

export type ProfilePhotoStep = 'encoding' | 'uploading';
/**
 * What the last change did: `saved-later` when some board gets the bytes only later,
 * `saved-board-full` when some board's photo storage refused them (`fullBoards` names them).
 */
export type ProfilePhotoOutcome = 'saved' | 'saved-later' | 'saved-board-full' | 'kept' | 'removed';

export class ProfilePhotoEditor {
	step = $state<ProfilePhotoStep | null>(null);
	error = $state<PhotoErrorCode | null>(null);
	outcome = $state<ProfilePhotoOutcome | null>(null);
	/** The names of the boards whose photo storage was full at the last change. */
	fullBoards = $state<string[]>([]);
	/** My photo as an image URL; '' without one, or while its bytes are not on this device. */
	url = $state('');
	/** Before my identity exists: the photo picked for it, kept on this device. */
	kept = $state<string | null>(null);
	private shown: string | null = null;
	private closed = false;
	private working: Promise<void> = Promise.resolve();

	constructor(private readonly app: AppState) {}

	get busy(): boolean {
		return this.step !== null;
	}

	/** My identity names a photo, or one is kept for the identity to come. */
	get hasPhoto(): boolean {
		return (this.app.identity?.photo ?? this.kept) != null;
	}

	/** Shows the photo my identity names now (again after another device changed it). */
	async refresh(): Promise<void> {
		const hash = this.app.identity?.photo ?? this.kept;
		if (hash === this.shown) return;
		this.shown = hash;
		const { db } = this.app;
		const kept =
			hash === null
				? undefined
				: ((await getPhoto(db, MY_PHOTO_BOARD, hash)) ?? (await findPhoto(db, hash)));
		if (this.shown !== hash || this.closed) return;
		const bytes = kept?.bytes as Uint8Array<ArrayBuffer> | undefined;
		this.showUrl(bytes ? URL.createObjectURL(new Blob([bytes], { type: kept!.type })) : '');
	}

	set(file: File): Promise<void> {
		if (this.busy) return this.working;
		this.working = this.encodeAndShare(file);
		return this.working;
	}

	/** Names the kept photo in the identity just created (onboarding); nothing without one. */
	async adopt(): Promise<void> {
		await this.working;
		const { app, kept } = this;
		if (kept === null || !app.identity) return;
		await app.changeIdentity(() => updatePhoto(app.db, kept, Date.now()));
		this.kept = null;
	}

	private async encodeAndShare(file: File): Promise<void> {
		this.error = null;
		this.outcome = null;
		this.fullBoards = [];
		const { app } = this;
		try {
			const refusal = pickedFileRefusal(file, 0);
			if (refusal) throw new PhotoError(refusal);
			this.step = 'encoding';
			const { encodePhoto } = await import('./encode-photo');
			const { bytes, type } = await encodePhoto(file, {
				square: true,
				longestSide: PHOTO_LIMITS.profileSide
			});
			const hash = await photoHash(bytes);
			await putPhoto(app.db, { boardId: MY_PHOTO_BOARD, hash, bytes, type });
			if (!app.identity) {
				const replaced = this.kept;
				this.kept = hash;
				if (replaced !== null && replaced !== hash)
					await deletePhoto(app.db, MY_PHOTO_BOARD, replaced);
				this.outcome = 'kept';
				await this.refresh();
				return;
			}
			// Which boards had these bytes is forgotten: the sweep may have deleted a photo I pick
			// again, and the upkeep must not take its old row for proof that the relay has it.
			await forgetBoardCopies(app.db, hash);
			this.step = 'uploading';
			const shared = app.online ? await this.shareWithMyBoards(hash) : null;
			await app.changeIdentity(() => updatePhoto(app.db, hash, Date.now()));
			this.fullBoards = shared?.full ?? [];
			this.outcome =
				this.fullBoards.length > 0
					? 'saved-board-full'
					: shared?.everywhere
						? 'saved'
						: 'saved-later';
			await this.refresh();
		} catch (error) {
			this.error = photoErrorOf(error).code;
		} finally {
			this.step = null;
		}
	}

	async remove(): Promise<void> {
		const { app } = this;
		const old = app.identity?.photo ?? this.kept;
		if (this.busy || old === null) return;
		this.error = null;
		try {
			if (app.identity) await app.changeIdentity(() => updatePhoto(app.db, null, Date.now()));
			this.kept = null;
			await deletePhoto(app.db, MY_PHOTO_BOARD, old);
			this.outcome = 'removed';
			await this.refresh();
		} catch (error) {
			app.reportError(error);
		}
	}

	destroy(): void {
		this.closed = true;
		this.showUrl('');
	}

	/**
	 * Uploads to every board before the record names the photo: whether all of them have it, and
	 * the names of those whose photo storage is full (their members see my initials until the
	 * upkeep's next try finds room).
	 */
	private async shareWithMyBoards(hash: string): Promise<{ everywhere: boolean; full: string[] }> {
		const { app } = this;
		const identity = app.identity;
		if (!identity) return { everywhere: false, full: [] };
		const results = await Promise.allSettled(
			app.boards.map((board) =>
				shareProfilePhoto({ db: app.db, relayUrl: app.relayUrl, boardId: board.id, identity }, hash)
			)
		);
		const everywhere = results.every((r) => r.status === 'fulfilled' && r.value);
		return { everywhere, full: boardsWithFullStorage(app.boards, results) };
	}

	private showUrl(url: string): void {
		if (this.url) URL.revokeObjectURL(this.url);
		this.url = url;
	}
}
