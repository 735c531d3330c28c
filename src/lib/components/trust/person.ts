/**
 * What a card says about a person: their name, initials avatar, reputation and the admins'
 * recommendation. Pages build one lookup per render (`routes/b/[id]/trust-lookups.ts`).
 */

export interface PersonSummary {
	id: string;
	name: string;
	/** Their profile on this board. */
	href: string;
	count: number;
	average: number | null;
	/** Names of the admins who recommend them ('' for one whose profile is not here yet). */
	recommendedBy: string[];
}

/** Up to two letters: first and last word ("Marie-Claire Dupont" → "MD"); "?" when nameless. */
export function initialsOf(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return '?';
	const first = [...words[0]!][0] ?? '';
	const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
	return (first + last).toLocaleUpperCase('fr');
}

/**
 * A hue from the member id, so one person keeps one colour on every card and device (their
 * name may change, and two neighbours may share one). Lightness is fixed by the chip's style so
 * the white initials keep their contrast.
 */
export function avatarHue(memberId: string): number {
	let hash = 0;
	for (let i = 0; i < memberId.length; i++) hash = (hash * 31 + memberId.charCodeAt(i)) >>> 0;
	return hash % 360;
}
