/**
 * Why adding a photo failed, as a code the picker puts into words. `offline` is not queued: a
 * photo needs the network to reach the other members, and the picker says so plainly.
 */
import type { PhotoRefusal } from '$lib/domain/photos/rules';
import { BlobApiError } from '$lib/sync/blob-api';

export type PhotoErrorCode =
	PhotoRefusal | 'unreadable' | 'offline' | 'quota-full' | 'not-a-member' | 'upload-failed';

export class PhotoError extends Error {
	constructor(readonly code: PhotoErrorCode) {
		super(`photo: ${code}`);
		this.name = 'PhotoError';
	}
}

/** The relay's answer as one of our codes. */
export function photoErrorOf(error: unknown): PhotoError {
	if (error instanceof PhotoError) return error;
	if (!(error instanceof BlobApiError)) return new PhotoError('upload-failed');
	switch (error.code) {
		case 'quota-exceeded':
			return new PhotoError('quota-full');
		case 'too-large':
			return new PhotoError('too-big');
		case 'unsupported-type':
			return new PhotoError('wrong-type');
		case 'not-a-member':
			return new PhotoError('not-a-member');
		case 'unreachable':
			return new PhotoError('offline');
		default:
			return new PhotoError('upload-failed');
	}
}

/**
 * The names of the boards, among uploads settled in the same order as `boards`, whose relay
 * refused the photo because their storage is full.
 */
export function boardsWithFullStorage(
	boards: readonly { name: string }[],
	uploads: readonly PromiseSettledResult<unknown>[]
): string[] {
	return boards
		.filter((_board, i) => {
			const upload = uploads[i];
			return upload?.status === 'rejected' && photoErrorOf(upload.reason).code === 'quota-full';
		})
		.map((board) => board.name);
}
