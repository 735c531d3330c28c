/**
 * Bytes as decimal digits, so a QR code can hold them in numeric mode: 3 digits cost 10 bits, and
 * 7 bytes (56 bits) fit 17 digits (10^17 > 2^56), about 98 % of the density of raw bytes against
 * 75 % for base64 in byte mode. Digits also survive every copy-paste (no case, no spaces, no
 * punctuation), so the text of a code can be pasted by hand.
 */

const GROUP_BYTES = 7;
/** Digits for a group of n bytes: the fewest d with 10^d ≥ 2^(8n). Index = n. */
const DIGITS: readonly number[] = [0, 3, 5, 8, 10, 13, 15, 17];
const digitsFor = (bytes: number): number => DIGITS[bytes] ?? 0;
const GROUP_DIGITS = digitsFor(GROUP_BYTES);

export function bytesToDigits(bytes: Uint8Array): string {
	let out = '';
	for (let start = 0; start < bytes.length; start += GROUP_BYTES) {
		const group = bytes.subarray(start, start + GROUP_BYTES);
		let value = 0n;
		for (const byte of group) value = (value << 8n) | BigInt(byte);
		out += value.toString().padStart(digitsFor(group.length), '0');
	}
	return out;
}

/** The bytes back, or null when the text is not something bytesToDigits could have written. */
export function digitsToBytes(text: string): Uint8Array | null {
	if (!/^\d*$/.test(text)) return null;
	const full = Math.floor(text.length / GROUP_DIGITS);
	const rest = text.length - full * GROUP_DIGITS;
	const restBytes = DIGITS.indexOf(rest);
	if (restBytes < 0) return null;
	const out = new Uint8Array(full * GROUP_BYTES + restBytes);
	for (let g = 0; g <= full; g++) {
		const size = g < full ? GROUP_BYTES : restBytes;
		if (size === 0) break;
		const digits = text.slice(g * GROUP_DIGITS, g * GROUP_DIGITS + digitsFor(size));
		let value = BigInt(digits);
		if (value >> BigInt(8 * size) !== 0n) return null;
		for (let i = size - 1; i >= 0; i--) {
			out[g * GROUP_BYTES + i] = Number(value & 0xffn);
			value >>= 8n;
		}
	}
	return out;
}
