/**
 * Where an `Avatar` finds a member's profile photo (issue 19) without every page passing it down:
 * the board's layout provides a lookup (state/photos/avatar-photos.svelte.ts); outside a board,
 * or while a photo is not ready, there is none and the avatar shows initials.
 */
import { getContext, setContext } from 'svelte';

/** A member's photo as an image URL, or '' for none. */
export type AvatarPhotoOf = (memberId: string) => string;

const KEY = Symbol('avatar-photos');

export function provideAvatarPhotos(photoOf: AvatarPhotoOf): void {
	setContext(KEY, photoOf);
}

export function avatarPhotoOf(): AvatarPhotoOf | undefined {
	return getContext<AvatarPhotoOf | undefined>(KEY);
}
