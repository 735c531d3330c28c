/**
 * Dates, times, numbers and sizes in the current locale (Intl). Every formatter never throws: a bad
 * timestamp or count from some other client must not break a page, so it formats as ''.
 */
import { intlLocale } from './locale';

/** Date's own range: beyond it `format` throws a RangeError. */
const MAX_TIME = 8.64e15;
const validTime = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Intl formatters are slow to build: one per locale and options. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const locale = intlLocale();
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = dateFormats.get(key);
	if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}

export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	const locale = intlLocale();
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = numberFormats.get(key);
	if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
	return format;
}

/** "4 mars 2030" / "4 Mar 2030". */
export function formatDate(ms: number, options: Intl.DateTimeFormatOptions = DATE): string {
	return validTime(ms) ? dateTimeFormat(options).format(ms) : '';
}

/** "09:00" in both languages (en-GB uses the 24-hour clock, as Luxembourg does). */
export function formatTime(ms: number): string {
	return validTime(ms) ? dateTimeFormat(TIME).format(ms) : '';
}

/** "4 mars 2030, 09:00" / "4 Mar 2030, 09:00". */
export function formatDateTime(ms: number): string {
	return validTime(ms) ? dateTimeFormat(DATE_TIME).format(ms) : '';
}

/** "1 234,5" / "1,234.5"; '' for NaN and infinities. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return Number.isFinite(value) ? numberFormat(options).format(value) : '';
}

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * "2,4 Mo" / "2.4 MB": decimal units, as storage is sold and as browsers report quotas. Bytes are
 * spelt out ("512 octets", "512 bytes"): the short English unit would read "512 byte".
 */
export function formatBytes(bytes: number): string {
	let size = Math.max(0, Number.isFinite(bytes) ? bytes : 0);
	let step = 0;
	// Rounded at one decimal, 999 950 bytes would read "1 000 ko": move up a unit first.
	while (step < UNITS.length - 1 && size >= 999.95) {
		size /= 1000;
		step++;
	}
	return numberFormat({
		style: 'unit',
		unit: UNITS[step],
		unitDisplay: step === 0 ? 'long' : 'short',
		maximumFractionDigits: 1
	}).format(size);
}
