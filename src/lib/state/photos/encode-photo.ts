/**
 * A picked photo made fit to share, on the phone (issue 19): decoded upright (`imageOrientation:
 * 'from-image'` applies the EXIF rotation), shrunk to PHOTO_LIMITS.longestSide and encoded again as
 * WebP (JPEG where the browser cannot encode WebP). Drawing on a canvas keeps only pixels: the
 * camera's EXIF, its GPS position included, is not in what comes out, by construction.
 * Loaded with `import()` only when a host picks a photo.
 */
import { fitWithin, PHOTO_LIMITS, sniffPhotoType, type PhotoType } from '$lib/domain/photos/rules';
import { PhotoError } from './photo-error';

export interface EncodedPhoto {
	bytes: Uint8Array;
	type: PhotoType;
}

/** A profile photo (issue 19) is cut square from the middle and kept small: it is shown as a disc. */
export interface EncodeOptions {
	longestSide?: number;
	square?: boolean;
}

/** Qualities tried in turn until the photo fits PHOTO_LIMITS.maxBytes. */
const QUALITIES = [PHOTO_LIMITS.quality, 0.65, 0.5];

export async function encodePhoto(file: Blob, options: EncodeOptions = {}): Promise<EncodedPhoto> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		// Not an image, or one this browser cannot decode (HEIC on most Android phones).
		throw new PhotoError('unreadable');
	}
	try {
		const source = options.square ? centredSquare(bitmap) : whole(bitmap);
		const { width, height } = fitWithin(source.width, source.height, options.longestSide);
		const canvas = drawn(bitmap, source, width, height);
		for (const quality of QUALITIES) {
			const photo = await encodedAt(canvas, quality);
			if (photo.bytes.byteLength <= PHOTO_LIMITS.maxBytes) return photo;
		}
		throw new PhotoError('too-big');
	} finally {
		bitmap.close();
	}
}

type Canvas = OffscreenCanvas | HTMLCanvasElement;
/** The part of the picture that is kept, in its own pixels. */
type Area = { x: number; y: number; width: number; height: number };

function whole(bitmap: ImageBitmap): Area {
	return { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
}

function centredSquare(bitmap: ImageBitmap): Area {
	const side = Math.min(bitmap.width, bitmap.height);
	const x = Math.floor((bitmap.width - side) / 2);
	const y = Math.floor((bitmap.height - side) / 2);
	return { x, y, width: side, height: side };
}

function drawn(bitmap: ImageBitmap, area: Area, width: number, height: number): Canvas {
	const canvas: Canvas =
		typeof OffscreenCanvas === 'undefined'
			? Object.assign(document.createElement('canvas'), { width, height })
			: new OffscreenCanvas(width, height);
	const context = canvas.getContext('2d') as
		OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
	if (!context) throw new PhotoError('unreadable');
	context.drawImage(bitmap, area.x, area.y, area.width, area.height, 0, 0, width, height);
	return canvas;
}

async function encodedAt(canvas: Canvas, quality: number): Promise<EncodedPhoto> {
	// A browser that cannot write WebP hands back a PNG: JPEG then.
	for (const wanted of ['image/webp', 'image/jpeg'] as const) {
		const blob = await toBlob(canvas, wanted, quality);
		const bytes = new Uint8Array(await blob.arrayBuffer());
		const type = sniffPhotoType(bytes);
		if (type !== null) return { bytes, type };
	}
	throw new PhotoError('unreadable');
}

function toBlob(canvas: Canvas, type: string, quality: number): Promise<Blob> {
	if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new PhotoError('unreadable'))),
			type,
			quality
		)
	);
}
