/**
 * Photos as a phone's camera writes them, for the photo e2e: a small JPEG from ffmpeg (a test
 * pattern, so two photos differ) with an APP1 Exif segment written by hand right after SOI, whose
 * GPS IFD holds a latitude and longitude — what must never reach the relay. And the checks that
 * bytes carry no Exif segment and no GPS tag.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Degrees, minutes, seconds×100 of the fixture's position (Luxembourg, Bonnevoie). */
export const GPS = { lat: [49, 36, 1234], lon: [6, 7, 8900] } as const;

/** A JPEG of `size` from ffmpeg's `pattern` source (testsrc, smptebars, rgbtestsrc…). */
export function cameraJpeg(pattern: string, size = '1280x960'): Buffer {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-photo-'));
	const file = path.join(dir, 'photo.jpg');
	execFileSync('ffmpeg', [
		...['-loglevel', 'error', '-f', 'lavfi', '-i', `${pattern}=size=${size}`],
		...['-frames:v', '1', '-q:v', '4', file]
	]);
	const jpeg = fs.readFileSync(file);
	fs.rmSync(dir, { recursive: true, force: true });
	return withGpsExif(jpeg);
}

/** The JPEG with an APP1 "Exif" segment (little-endian TIFF, IFD0 → GPS IFD) after its SOI. */
export function withGpsExif(jpeg: Buffer): Buffer {
	const tiff = Buffer.alloc(128);
	tiff.write('II', 0, 'latin1');
	tiff.writeUInt16LE(42, 2);
	tiff.writeUInt32LE(8, 4);
	const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
		tiff.writeUInt16LE(tag, at);
		tiff.writeUInt16LE(type, at + 2);
		tiff.writeUInt32LE(count, at + 4);
		if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
		else tiff.writeUInt32LE(value, at + 8);
	};
	// IFD0 at 8: one entry, GPSInfoIFDPointer (0x8825, LONG) → the GPS IFD at 26.
	tiff.writeUInt16LE(1, 8);
	entry(10, 0x8825, 4, 1, 26);
	tiff.writeUInt32LE(0, 22);
	// GPS IFD at 26: latitude N and longitude E, RATIONAL×3 each at 80 and 104.
	tiff.writeUInt16LE(4, 26);
	entry(28, 0x0001, 2, 2, 'N\0');
	entry(40, 0x0002, 5, 3, 80);
	entry(52, 0x0003, 2, 2, 'E\0');
	entry(64, 0x0004, 5, 3, 104);
	tiff.writeUInt32LE(0, 76);
	const rationals = (at: number, [d, m, s]: readonly number[]) => {
		for (const [i, [num, den]] of [
			[d!, 1],
			[m!, 1],
			[s!, 100]
		].entries()) {
			tiff.writeUInt32LE(num!, at + i * 8);
			tiff.writeUInt32LE(den!, at + i * 8 + 4);
		}
	};
	rationals(80, GPS.lat);
	rationals(104, GPS.lon);
	const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
	const header = Buffer.from([0xff, 0xe1, 0, 0]);
	header.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** The JPEG segments' markers before the image data (SOS), e.g. 0xe0 APP0, 0xe1 APP1. */
export function jpegMarkers(bytes: Buffer): number[] {
	const markers: number[] = [];
	let at = 2;
	while (at + 4 <= bytes.length && bytes[at] === 0xff) {
		const marker = bytes[at + 1]!;
		markers.push(marker);
		if (marker === 0xda) break;
		at += 2 + bytes.readUInt16BE(at + 2);
	}
	return markers;
}

/** What of the camera's metadata is in `bytes`: an Exif header, a GPS IFD, the position itself. */
export function metadataIn(bytes: Buffer): string[] {
	const found: string[] = [];
	if (bytes.includes(Buffer.from('Exif', 'latin1'))) found.push('Exif header');
	// WebP keeps metadata in an "EXIF" chunk.
	if (bytes.includes(Buffer.from('EXIF', 'latin1'))) found.push('WebP EXIF chunk');
	const gpsPointer = Buffer.from([0x25, 0x88, 0x04, 0x00]);
	if (bytes.includes(gpsPointer)) found.push('GPSInfo tag');
	const latitude = Buffer.alloc(8);
	latitude.writeUInt32LE(GPS.lat[2], 0);
	latitude.writeUInt32LE(100, 4);
	if (bytes.includes(latitude)) found.push('GPS latitude');
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && jpegMarkers(bytes).includes(0xe1)) {
		found.push('APP1 segment');
	}
	return found;
}
