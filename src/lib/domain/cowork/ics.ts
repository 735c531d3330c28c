/**
 * iCalendar (RFC 5545) export of cowork bookings, so a confirmed day lands in the calendar people
 * already use. Written by hand: the subset we need is small, and a library would weigh more than it.
 */

export interface IcsEvent {
	/** Stable across exports (a booking key, say), so re-importing updates instead of duplicating. */
	uid: string;
	/** Milliseconds since 1970. */
	start: number;
	end: number;
	summary: string;
	description?: string;
	location?: string;
	status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
	url?: string;
	/** A reminder this long before the start (a VALARM the calendar app shows by itself). */
	alarm?: { beforeMs: number; description: string };
}

const CRLF = '\r\n';
/** RFC 5545 §3.1: a physical line is at most 75 octets, line break excluded. */
const MAX_OCTETS = 75;

/** One VCALENDAR holding `events`; `now` stamps them (DTSTAMP). */
export function toIcs(events: readonly IcsEvent[], now: number): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Quartier//Cowork//FR',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH'
	];
	for (const e of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${escapeText(e.uid)}`,
			`DTSTAMP:${utc(now)}`,
			`DTSTART:${utc(e.start)}`,
			`DTEND:${utc(e.end)}`,
			`SUMMARY:${escapeText(e.summary)}`
		);
		if (e.description !== undefined) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
		if (e.location !== undefined) lines.push(`LOCATION:${escapeText(e.location)}`);
		if (e.status !== undefined) lines.push(`STATUS:${e.status}`);
		// A URI value is not TEXT: no escaping, but a line break would end the property early.
		if (e.url !== undefined) lines.push(`URL:${stripControls(e.url.replace(/[\r\n]+/g, ''))}`);
		if (e.alarm !== undefined) {
			lines.push(
				'BEGIN:VALARM',
				`TRIGGER:-${duration(e.alarm.beforeMs)}`,
				'ACTION:DISPLAY',
				`DESCRIPTION:${escapeText(e.alarm.description)}`,
				'END:VALARM'
			);
		}
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join(CRLF) + CRLF;
}

/** `20261123T080000Z`: UTC, so no VTIMEZONE block is needed and every app agrees on the instant. */
function utc(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

/** RFC 5545 §3.3.6 DURATION in whole minutes: `PT3H`, `PT30M`, `PT1H30M`. */
function duration(ms: number): string {
	const minutes = Math.max(0, Math.round(ms / 60_000));
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (minutes === 0) return 'PT0M';
	return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
}

/** RFC 5545 §3.3.11 TEXT. Other control characters are not allowed in TEXT at all. */
function escapeText(text: string): string {
	return stripControls(
		text
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\r\n|\r|\n/g, '\\n')
	);
}

function stripControls(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/**
 * Folds a content line into physical lines of at most 75 octets, each continuation starting with
 * a space (which counts). Cuts between code points, never inside a character's UTF-8 bytes.
 */
function fold(line: string): string {
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = utf8Length(char.codePointAt(0) ?? 0);
		if (octets + size > MAX_OCTETS) {
			parts.push(current);
			current = ' ';
			octets = 1;
		}
		current += char;
		octets += size;
	}
	parts.push(current);
	return parts.join(CRLF);
}

function utf8Length(codePoint: number): number {
	if (codePoint < 0x80) return 1;
	if (codePoint < 0x800) return 2;
	// Lone surrogates included: TextEncoder writes them as U+FFFD, 3 bytes.
	if (codePoint < 0x10000) return 3;
	return 4;
}

/**
 * `quartier-2026-11-23-bureau-calme.ics`: ASCII only, since some phones and mail clients mangle
 * other characters in attachment names. The date is the local day, the one the person booked.
 */
export function icsFileName(summary: string, start: number): string {
	const d = new Date(start);
	const date = [
		d.getFullYear(),
		String(d.getMonth() + 1).padStart(2, '0'),
		String(d.getDate()).padStart(2, '0')
	].join('-');
	const slug = summary
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 40)
		.replace(/^-+|-+$/g, '');
	return slug ? `quartier-${date}-${slug}.ics` : `quartier-${date}.ics`;
}
