/**
 * The name of a stored photo and how many a space lists: all that the record's shape needs
 * (cowork/validate.ts), apart from the rest of the photo rules so the board's first load carries
 * only these few bytes (issue 19).
 */

/** sha256 in lowercase hex: 64 characters. */
export const PHOTO_HASH_RE = /^[0-9a-f]{64}$/;

export function isPhotoHash(value: unknown): value is string {
	return typeof value === 'string' && PHOTO_HASH_RE.test(value);
}

/** Photos one space shows: enough to see the room, the desk and the light. */
export const PHOTOS_PER_SPACE = 6;
