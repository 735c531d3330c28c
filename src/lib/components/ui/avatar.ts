/**
 * An avatar without a photo (Avatar.svelte): initials from the name, and a colour that stays the
 * member's on every device because it comes from their id, not from the name they may change.
 */

/** Up to two letters: first and last word ("Amélie Dupont" → "AD", "boris" → "B"). */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/[\s\-_.]+/u)
		.filter((word) => /[\p{L}\p{N}]/u.test(word));
	if (words.length === 0) return '';
	const first = firstLetter(words[0]);
	const last = words.length > 1 ? firstLetter(words[words.length - 1]) : '';
	return (first + last).toLocaleUpperCase();
}

/** The first letter or digit of a word, a whole grapheme (an accent or emoji is not cut in half). */
function firstLetter(word: string | undefined): string {
	const match = /[\p{L}\p{N}][\p{M}]*/u.exec(word ?? '');
	return match ? match[0] : '';
}

/** How many avatar colours app.css defines (`--avatar-0` … `--avatar-7`). */
export const AVATAR_COLOURS = 8;

/** 0 … AVATAR_COLOURS-1, the same for the same id everywhere (FNV-1a over the id's code units). */
export function avatarColour(id: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		hash ^= id.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0) % AVATAR_COLOURS;
}
