/**
 * Photos of spaces (issue 19): what a stored photo is, shared by the app and the relay. A photo is
 * a content-addressed blob: its name is the sha256 of its bytes in lowercase hex, the space record
 * keeps only that name, and the relay keeps the bytes. Only the image types the app itself
 * produces are accepted, recognised by their first bytes (a header can say anything).
 */

import { PHOTOS_PER_SPACE } from './name';

export { isPhotoHash, PHOTO_HASH_RE } from './name';

export const PHOTO_LIMITS = {
	perSpace: PHOTOS_PER_SPACE,
	/**
	 * One encoded photo, in bytes: 1600 px at quality 0.8 is 150–400 KB in WebP or JPEG; 1 MiB
	 * leaves room for a busy picture and refuses a camera original sent as is.
	 */
	maxBytes: 1024 * 1024,
	/** Longest side after resizing on the phone: sharp on any phone screen, small to sync. */
	longestSide: 1600,
	/** Encoder quality (0–1) of the re-encoded photo. */
	quality: 0.8,
	/** A profile photo's side, cut square: sharp on a large avatar, some 20–60 KB to sync. */
	profileSide: 512
} as const;

export const PHOTO_TYPES = ['image/webp', 'image/jpeg'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * The image type the bytes start with, or null: JPEG is FF D8 FF; WebP is a RIFF container
 * ("RIFF", 4 size bytes, "WEBP"). Anything else (PNG, HEIC, SVG, HTML…) is null.
 */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return 'image/jpeg';
	}
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
		return 'image/webp';
	}
	return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
	return String.fromCharCode(...bytes.subarray(from, to));
}

/** Why a photo cannot be kept, before any upload: the codes the picker puts into words. */
export type PhotoRefusal = 'wrong-type' | 'too-big' | 'too-many';

/** A picked file the device may try to decode: an image, and not absurdly large to decode. */
export function pickedFileRefusal(
	file: { type: string; size: number },
	photosAlready: number
): PhotoRefusal | null {
	if (photosAlready >= PHOTO_LIMITS.perSpace) return 'too-many';
	// An empty type happens (some Android pickers): decoding will tell.
	if (file.type !== '' && !file.type.startsWith('image/')) return 'wrong-type';
	// A 50 MB original is a RAW file or a panorama: decoding it would stall a phone.
	if (file.size > MAX_PICKED_BYTES) return 'too-big';
	return null;
}

/** The largest original the phone tries to decode and shrink. */
export const MAX_PICKED_BYTES = 40 * 1024 * 1024;

/** The width and height that fit `longestSide`, never enlarged, at least 1 px each. */
export function fitWithin(
	width: number,
	height: number,
	longestSide: number = PHOTO_LIMITS.longestSide
): { width: number; height: number } {
	const scale = Math.min(1, longestSide / Math.max(width, height, 1));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}
