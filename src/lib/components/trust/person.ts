/**
 * What a card says about a person: their name (the avatar is ui/Avatar.svelte), reputation and the admins'
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
