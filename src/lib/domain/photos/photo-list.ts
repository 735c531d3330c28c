/** A space's list of photo hashes: edits that keep it valid (no duplicates, at most perSpace). */
import { RuleError } from '../errors';
import { isPhotoHash, PHOTO_LIMITS } from './rules';

/** The list with `hash` appended, unless it is there already; throws a RuleError when full
 * (`photosFull`) or malformed (`photoBadHash`). */
export function withPhoto(list: readonly string[], hash: string): string[] {
	if (!isPhotoHash(hash)) throw new RuleError('photoBadHash');
	if (list.includes(hash)) return [...list];
	if (list.length >= PHOTO_LIMITS.perSpace) throw new RuleError('photosFull');
	return [...list, hash];
}

export function withoutPhoto(list: readonly string[], hash: string): string[] {
	return list.filter((h) => h !== hash);
}

/** The list with the photo at `from` moved to `to` (clamped); unchanged when `from` is absent. */
export function movedPhoto(list: readonly string[], from: number, to: number): string[] {
	if (from < 0 || from >= list.length) return [...list];
	const next = [...list];
	const [hash] = next.splice(from, 1);
	next.splice(Math.max(0, Math.min(to, next.length)), 0, hash!);
	return next;
}
