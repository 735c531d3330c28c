import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatNumber, formatTime } from './format';
import { intlLocale } from './locale';
import { withLocale } from './testing';

// Intl puts a (narrow) no-break space between number and unit and in French thousands.
const plain = (s: string) => s.replace(/\s/g, ' ');
/** Noon UTC: the same calendar day in every time zone a test machine may have. */
const MARCH_4_2030 = Date.UTC(2030, 2, 4, 12);

describe('locale formatters', () => {
	it('default to French (Paraglide resolves the base locale outside a browser)', () => {
		expect(intlLocale()).toBe('fr-FR');
		expect(formatDate(MARCH_4_2030)).toBe('4 mars 2030');
		expect(plain(formatNumber(1234.5))).toBe('1 234,5');
		expect(formatTime(MARCH_4_2030)).toMatch(/^\d\d:\d\d$/);
		expect(formatDateTime(MARCH_4_2030)).toMatch(/^4 mars 2030(,| à) \d\d:\d\d$/);
	});

	it('follow the locale', () => {
		withLocale('en', () => {
			expect(intlLocale()).toBe('en-GB');
			expect(formatDate(MARCH_4_2030)).toBe('4 Mar 2030');
			expect(formatNumber(1234.5)).toBe('1,234.5');
			expect(formatTime(MARCH_4_2030)).toMatch(/^\d\d:\d\d$/);
			expect(plain(formatBytes(2_400_000))).toBe('2.4 MB');
			expect(formatBytes(1)).toBe('1 byte');
		});
		expect(formatDate(MARCH_4_2030)).toBe('4 mars 2030');
	});

	it('never throw on values from other clients', () => {
		for (const bad of [NaN, Infinity, 9e15]) {
			expect(formatDate(bad)).toBe('');
			expect(formatTime(bad)).toBe('');
			expect(formatDateTime(bad)).toBe('');
		}
		expect(formatNumber(NaN)).toBe('');
	});

	it('formats sizes with decimal units, bytes spelt out', () => {
		expect(plain(formatBytes(2_400_000))).toBe('2,4 Mo');
		expect(plain(formatBytes(1_200_000_000))).toBe('1,2 Go');
		expect(plain(formatBytes(0))).toBe('0 octet');
		expect(plain(formatBytes(512))).toBe('512 octets');
		expect(plain(formatBytes(999_960))).toBe('1 Mo');
		expect(plain(formatBytes(NaN))).toBe('0 octet');
	});
});
