/** Why adding a photo failed, in words: a space's photos and the profile photo (issue 19). */
import { PHOTO_LIMITS } from '$lib/domain/photos/rules';
import type { PhotoErrorCode } from '$lib/state/photos/photo-error';
import { m } from '$lib/paraglide/messages.js';

const ERRORS: Record<PhotoErrorCode, () => string> = {
	'wrong-type': () => m.photo_error_wrong_type(),
	'too-big': () => m.photo_error_too_big(),
	'too-many': () => m.photo_error_too_many({ max: PHOTO_LIMITS.perSpace }),
	unreadable: () => m.photo_error_unreadable(),
	offline: () => m.photo_error_offline(),
	'quota-full': () => m.photo_error_quota_full(),
	'not-a-member': () => m.photo_error_not_a_member(),
	'upload-failed': () => m.photo_error_upload_failed()
};

export function photoErrorText(code: PhotoErrorCode): string {
	return ERRORS[code]();
}
