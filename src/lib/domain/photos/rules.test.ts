/** What a stored photo may be: its name, its type by its first bytes, its size on the phone. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fitWithin, isPhotoHash, pickedFileRefusal, PHOTO_LIMITS, sniffPhotoType } from './rules';
import { movedPhoto, withoutPhoto, withPhoto } from './photo-list';
import { RuleError } from '../errors';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(
		parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p))
	);

describe('a photo hash', () => {
	it('is sha256 in lowercase hex, nothing else', () => {
		expect(isPhotoHash(hashOf('a'))).toBe(true);
		expect(isPhotoHash(hashOf('a').toUpperCase())).toBe(false);
		expect(isPhotoHash(hashOf('a').slice(1))).toBe(false);
		expect(isPhotoHash(`${hashOf('a')}0`)).toBe(false);
		expect(isPhotoHash(createHash('sha256').update('a').digest('base64url'))).toBe(false);
		expect(isPhotoHash(`../${hashOf('a').slice(3)}`)).toBe(false);
		expect(isPhotoHash(42)).toBe(false);
	});
});

describe('sniffing the type', () => {
	it('knows JPEG and WebP by their first bytes, whatever a header claims', () => {
		expect(sniffPhotoType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
		expect(sniffPhotoType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
	});

	it('refuses PNG, SVG, HTML, a RIFF that is not WebP, and truncated headers', () => {
		expect(sniffPhotoType(bytes([0x89], 'PNG\r\n'))).toBeNull();
		expect(sniffPhotoType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
		expect(sniffPhotoType(bytes('<!doctype html>'))).toBeNull();
		expect(sniffPhotoType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull();
		expect(sniffPhotoType(bytes([0xff, 0xd8]))).toBeNull();
		expect(sniffPhotoType(bytes('RIFF', [1, 2, 3, 4], 'WEB'))).toBeNull();
		expect(sniffPhotoType(new Uint8Array())).toBeNull();
	});
});

describe('a picked file', () => {
	it('is refused when not an image, too large to decode, or when the space is full', () => {
		expect(pickedFileRefusal({ type: 'image/heic', size: 3e6 }, 0)).toBeNull();
		expect(pickedFileRefusal({ type: '', size: 3e6 }, 0)).toBeNull();
		expect(pickedFileRefusal({ type: 'application/pdf', size: 1e5 }, 0)).toBe('wrong-type');
		expect(pickedFileRefusal({ type: 'image/jpeg', size: 41 * 1024 * 1024 }, 0)).toBe('too-big');
		expect(pickedFileRefusal({ type: 'image/jpeg', size: 1e5 }, PHOTO_LIMITS.perSpace)).toBe(
			'too-many'
		);
	});

	it('is shrunk to fit the longest side, keeping its proportions, never enlarged', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(100_000, 10)).toEqual({ width: 1600, height: 1 });
	});
});

describe('a space’s list of photos', () => {
	const [a, b, c] = ['a', 'b', 'c'].map(hashOf) as [string, string, string];

	it('adds once, removes, and moves within bounds', () => {
		expect(withPhoto([a], b)).toEqual([a, b]);
		expect(withPhoto([a, b], a)).toEqual([a, b]);
		expect(withoutPhoto([a, b, c], b)).toEqual([a, c]);
		expect(movedPhoto([a, b, c], 2, 0)).toEqual([c, a, b]);
		expect(movedPhoto([a, b, c], 0, 9)).toEqual([b, c, a]);
		expect(movedPhoto([a, b], 5, 0)).toEqual([a, b]);
	});

	it('refuses a malformed hash and a seventh photo', () => {
		expect(() => withPhoto([], 'nope')).toThrow(RuleError);
		const full = Array.from({ length: PHOTO_LIMITS.perSpace }, (_, i) => hashOf(String(i)));
		expect(() => withPhoto(full, a)).toThrow(expect.objectContaining({ code: 'photosFull' }));
	});
});
