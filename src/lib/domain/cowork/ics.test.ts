import { describe, expect, it } from 'vitest';
import { icsFileName, toIcs, type IcsEvent } from './ics';

const start = Date.UTC(2026, 10, 23, 8, 0, 0);
const end = Date.UTC(2026, 10, 23, 17, 30, 0);
const now = Date.UTC(2026, 10, 1, 12, 34, 56, 789);
const event: IcsEvent = { uid: 'host:booking-1@quartier', start, end, summary: 'Bureau calme' };

/** RFC 5545 §3.1 unfolding: a line break followed by one space or tab is removed. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const lines = (ics: string) => unfold(ics).split('\r\n');
const unescape = (text: string) =>
	text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const property = (ics: string, name: string) =>
	lines(ics)
		.filter((l) => l.startsWith(`${name}:`))
		.map((l) => l.slice(name.length + 1));

describe('toIcs', () => {
	it('writes a calendar with one event in UTC', () => {
		const ics = toIcs(
			[{ ...event, status: 'CONFIRMED', url: 'https://quartier.example/b/x' }],
			now
		);
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expect(lines(ics)).toEqual([
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Quartier//Cowork//FR',
			'CALSCALE:GREGORIAN',
			'METHOD:PUBLISH',
			'BEGIN:VEVENT',
			'UID:host:booking-1@quartier',
			'DTSTAMP:20261101T123456Z',
			'DTSTART:20261123T080000Z',
			'DTEND:20261123T173000Z',
			'SUMMARY:Bureau calme',
			'STATUS:CONFIRMED',
			'URL:https://quartier.example/b/x',
			'END:VEVENT',
			'END:VCALENDAR',
			''
		]);
	});

	it('writes no LOCATION, DESCRIPTION, STATUS or URL line when they are not given', () => {
		const ics = toIcs([event], now);
		for (const name of ['LOCATION', 'DESCRIPTION', 'STATUS', 'URL']) {
			expect(property(ics, name)).toEqual([]);
		}
	});

	it('escapes backslashes, commas, semicolons and line breaks in text', () => {
		const description = 'Wi-Fi: quartier\\invité; café, thé\r\nSonner 2x\nou\rappeler';
		const ics = toIcs([{ ...event, description, location: '12, rue des Lilas; 3e' }], now);
		expect(property(ics, 'DESCRIPTION')).toEqual([
			'Wi-Fi: quartier\\\\invité\\; café\\, thé\\nSonner 2x\\nou\\nappeler'
		]);
		expect(property(ics, 'LOCATION')).toEqual(['12\\, rue des Lilas\\; 3e']);
		expect(unescape(property(ics, 'LOCATION')[0] ?? '')).toBe('12, rue des Lilas; 3e');
	});

	it('drops control characters that TEXT does not allow, keeping tabs', () => {
		const ics = toIcs([{ ...event, summary: 'a\u0000b\u0007c\td\u007f' }], now);
		expect(property(ics, 'SUMMARY')).toEqual(['abc\td']);
	});

	it('folds long lines at 75 octets without splitting a character', () => {
		const description = `Accès : ${'éèàçœ€'.repeat(30)} — fenêtre sur cour 🌳🌳🌳 ${'ü'.repeat(50)}`;
		const summary = 'x'.repeat(74) + 'é'.repeat(3);
		const ics = toIcs([{ ...event, summary, description }], now);
		const encoder = new TextEncoder();
		const physical = ics.split('\r\n');
		for (const line of physical) {
			expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
			// A split inside a multi-byte character would leave a replacement character or lone surrogate.
			expect(line).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
		}
		expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
		expect(property(ics, 'DESCRIPTION').map(unescape)).toEqual([description]);
		expect(property(ics, 'SUMMARY')).toEqual([summary]);
		// 'SUMMARY:' + 67 x fills exactly 75 octets; the rest continues on the next line.
		expect(physical).toContain(`SUMMARY:${'x'.repeat(67)}`);
		expect(physical).toContain(` ${'x'.repeat(7)}ééé`);
	});

	it('writes several events in order', () => {
		const second = {
			...event,
			uid: 'host:booking-2@quartier',
			start: start + 86_400_000,
			end: end + 86_400_000,
			summary: 'Atelier',
			status: 'CANCELLED' as const
		};
		const ics = toIcs([event, second], now);
		expect(property(ics, 'UID')).toEqual(['host:booking-1@quartier', 'host:booking-2@quartier']);
		expect(property(ics, 'DTSTART')).toEqual(['20261123T080000Z', '20261124T080000Z']);
		expect(property(ics, 'STATUS')).toEqual(['CANCELLED']);
		expect(lines(ics).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
	});

	it('writes an empty calendar for no events', () => {
		expect(lines(toIcs([], now))).not.toContain('BEGIN:VEVENT');
	});
});

describe('icsFileName', () => {
	// Noon UTC: the same calendar day in every time zone from UTC-11 to UTC+11.
	const noon = Date.UTC(2026, 10, 23, 12);

	it('is ascii, dated and slugged', () => {
		expect(icsFileName('Bureau calme', noon)).toBe('quartier-2026-11-23-bureau-calme.ics');
		expect(icsFileName('  Cœur de Bonnevoie : salle n°2 !', noon)).toBe(
			'quartier-2026-11-23-coeur-de-bonnevoie-salle-n-2.ics'
		);
		expect(icsFileName('Chez Zoé & Jörg — 🌳', noon)).toBe('quartier-2026-11-23-chez-zoe-jorg.ics');
	});

	it('stays short and drops an empty slug', () => {
		expect(icsFileName('🌳🌳', noon)).toBe('quartier-2026-11-23.ics');
		const long = icsFileName('a '.repeat(100), noon);
		expect(long).toMatch(/^quartier-2026-11-23-[a-z0-9-]{1,40}\.ics$/);
		expect(long).not.toMatch(/--|-\.ics$/);
	});
});

describe('reminders in the calendar', () => {
	const event: IcsEvent = {
		uid: 'k@quartier',
		start: Date.UTC(2026, 10, 23, 8),
		end: Date.UTC(2026, 10, 23, 12),
		summary: 'Coworking : Salon'
	};
	const now = Date.UTC(2026, 10, 20);

	it('one VALARM per event, inside it, at the lead time', () => {
		const ics = lines(
			toIcs(
				[
					{ ...event, alarm: { beforeMs: 3 * 3_600_000, description: 'Coworking : Salon' } },
					{ ...event, uid: 'j@quartier', alarm: { beforeMs: 90 * 60_000, description: 'x' } }
				],
				now
			)
		);
		expect(ics.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(2);
		const first = ics.slice(ics.indexOf('BEGIN:VALARM'), ics.indexOf('END:VALARM') + 1);
		expect(first).toEqual([
			'BEGIN:VALARM',
			'TRIGGER:-PT3H',
			'ACTION:DISPLAY',
			'DESCRIPTION:Coworking : Salon',
			'END:VALARM'
		]);
		expect(ics.indexOf('END:VALARM')).toBeLessThan(ics.indexOf('END:VEVENT'));
		expect(ics).toContain('TRIGGER:-PT1H30M');
		expect(
			lines(toIcs([{ ...event, alarm: { beforeMs: 30 * 60_000, description: 'x' } }], now))
		).toContain('TRIGGER:-PT30M');
	});

	it('no VALARM when the event has none', () => {
		expect(lines(toIcs([event], now))).not.toContain('BEGIN:VALARM');
	});
});
